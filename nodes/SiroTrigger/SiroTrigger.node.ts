import {
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IDataObject,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { ownValue } from '../Siro/core/values';
import {
	RECORDING_EVENTS,
	recordingEventProblem,
	type SiroRecordingEvent,
} from '../Siro/webhook/recordingEvent';
import {
	decodeSigningSecret,
	SiroWebhookError,
	verifySiroWebhook,
	type SiroWebhookErrorReason,
} from '../Siro/webhook/verify';
import {
	claimOnce,
	DELIVERY_IDS,
	isRemembered,
	RECORDING_IDS,
	remember,
	REMEMBERED_DELIVERIES,
	REMEMBERED_RECORDINGS,
	type TriggerStaticData,
} from './deliveryMemory';

const CREDENTIAL = 'siroWebhookApi';

/** HTTP status of each refusal: 401 for a request not proven to come from Siro. */
const REFUSAL_STATUS: Record<SiroWebhookErrorReason | 'replayed', number> = {
	missingHeaders: 401,
	badSignature: 401,
	timestampOutOfRange: 401,
	replayed: 401,
	// Signed by Siro, but not what Siro documents: retrying cannot help, and nothing is started.
	badPayload: 400,
	// The credential is wrong, not the request: 500 makes Siro retry, so deliveries made while the
	// secret is being fixed are not lost.
	badSecret: 500,
};

/** The credential's secrets, each checked (badSecret names the field), current one first. */
function signingSecrets(credentials: ICredentialDataDecryptedObject): string[] {
	const current = ownValue(credentials, 'signingSecret');
	const previous = ownValue(credentials, 'previousSigningSecret');
	decodeSigningSecret(current, "The Siro Webhook credential's Signing Secret");
	const secrets = [current as string];
	if (previous !== undefined && previous !== '') {
		decodeSigningSecret(previous, "The Siro Webhook credential's Previous Signing Secret");
		secrets.push(previous as string);
	}
	return secrets;
}

/**
 * Answers the request itself and tells n8n so (`noWebhookResponse`), for every outcome, started
 * or not, as n8n's own triggers refuse a request. n8n saves the trigger's static data when it is
 * handed the response. Left to n8n, a started run's response comes after n8n 2.x has set up the run,
 * which re-reads the static data and clears its "changed" mark, so what webhook() remembered would
 * never be saved (measured on 2.40.7). Answered here, it is saved before the run starts, on both
 * n8n lines.
 */
function answer(
	context: IWebhookFunctions,
	status: number,
	body: IDataObject,
): IWebhookResponseData {
	context.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

/** Refuses the request: nothing is started. */
function refuse(
	context: IWebhookFunctions,
	reason: SiroWebhookErrorReason | 'replayed',
	message: string,
): IWebhookResponseData {
	// A wrong secret in the credential refuses every delivery: worth a warning. Other refusals are
	// about one request, which anyone on the internet can send: debug only.
	const log = reason === 'badSecret' ? context.logger.warn : context.logger.debug;
	log.call(context.logger, `Siro Trigger refused a delivery (${reason}): ${message}`);
	return answer(context, REFUSAL_STATUS[reason], { reason, message });
}

/** Acknowledges a genuine delivery (2xx, so Siro does not send it again); nothing is started. */
function acknowledge(context: IWebhookFunctions, message: string): IWebhookResponseData {
	return answer(context, 200, { received: true, workflowStarted: false, message });
}

export class SiroTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Siro Trigger',
		name: 'siroTrigger',
		icon: { light: 'file:siro.svg', dark: 'file:siro.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{$parameter["onlyWhenProcessedAndLinked"] === false ? $parameter["events"].length + " event(s)" : "Processed and linked recordings"}}',
		description: 'Starts the workflow when Siro has processed a recording or linked it to the CRM',
		eventTriggerDescription: 'Waiting for Siro to send an event to the Test URL',
		activationMessage: "Siro's deliveries to the Production URL now start this workflow.",
		defaults: { name: 'Siro Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'siroWebhookApi', required: true, testedBy: 'siroWebhookSecretTest' }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					"In Siro, open Organization Admin → Webhooks and add an endpoint with this node's Production URL (the Test URL while you listen for a test event) and the events below. Then copy the endpoint's Signing Secret (whsec_…) into the Siro Webhook credential. Deliveries that are not signed with it get 401 and start nothing.",
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				// The default stays 'webhook' for good: n8n does not store a parameter left at its
				// default, so saved workflows keep webhook mode when a polling mode joins the list
				// (whose webhook would then be switched off with an httpMethod expression).
				displayName: 'Mode',
				name: 'mode',
				type: 'options',
				options: [
					{
						name: 'Webhook',
						value: 'webhook',
						description:
							'Siro sends each event to this node as it happens (needs a public HTTPS URL)',
					},
				],
				default: 'webhook',
				description: 'How the trigger learns about recordings',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: [
					{
						name: 'Recording Linked',
						value: 'integrations.recordingLinked',
						description: 'A recording was definitively linked to a CRM object',
					},
					{
						name: 'Recording Processed',
						value: 'integrations.recordingProcessed',
						description: 'A recording was fully processed (summary and insights ready)',
					},
				],
				default: [...RECORDING_EVENTS],
				description:
					'The Siro events that start the workflow. Others are acknowledged and ignored. Subscribe the endpoint in Siro to the same events.',
			},
			{
				displayName: 'Only When Processed and Linked',
				name: 'onlyWhenProcessedAndLinked',
				type: 'boolean',
				default: true,
				description:
					'Whether to start the workflow only once a recording is both processed and linked to a CRM object, and only once per recording, whichever event says so first. Off: every selected event starts it.',
			},
		],
	};

	methods = {
		credentialTest: {
			/**
			 * Siro has no API that could confirm a webhook secret, so this test checks what can be
			 * checked without Siro (the secret's form) and says so.
			 */
			async siroWebhookSecretTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				try {
					signingSecrets(credential.data ?? {});
				} catch (error) {
					// A SiroWebhookError (badSecret), whose message names the field and never quotes it.
					return { status: 'Error', message: (error as Error).message };
				}
				return {
					status: 'OK',
					message:
						"The secret has the form of a Siro signing secret (whsec_ and base64). Whether it is this endpoint's shows when Siro sends an event: deliveries signed with another secret get 401.",
				};
			},
		},
	};

	/**
	 * Webhook endpoints are registered by hand in Siro (Organization Admin → Webhooks): Siro has no
	 * API for it. So there is nothing to check, create or delete on Siro's side; these say so, as
	 * n8n asks every webhook trigger to define them.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		let payload;
		try {
			const secret = signingSecrets(await this.getCredentials(CREDENTIAL));
			payload = verifySiroWebhook({
				secret,
				headers: request.headers,
				// The bytes n8n received, before its JSON parsing. n8n keeps none for a multipart body,
				// which Siro never sends: verified as an empty body, it is refused.
				rawBody: Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.alloc(0),
			});
		} catch (error) {
			if (error instanceof SiroWebhookError) return refuse(this, error.reason, error.message);
			throw new NodeOperationError(this.getNode(), error as Error);
		}

		// Verified: exactly one svix-id header, at most 256 characters (Node lowercases header names).
		const deliveryId = String(request.headers['svix-id']);
		const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
		// Test runs ("listen for test event") start from a copy of the static data that n8n does not
		// save, and may be repeated with the same event: the process-wide claims are for production.
		const production = this.getMode() !== 'manual';
		const scope = `${this.getWorkflow().id ?? ''}/${this.getNode().id}`;
		if (
			isRemembered(staticData, DELIVERY_IDS, deliveryId) ||
			(production && !claimOnce(`${scope}/delivery/${deliveryId}`))
		) {
			return refuse(
				this,
				'replayed',
				'This delivery (its svix-id) was already received: a delivery is accepted once.',
			);
		}
		remember(staticData, DELIVERY_IDS, deliveryId, REMEMBERED_DELIVERIES);

		const events = this.getNodeParameter('events', []) as string[];
		const eventType = ownValue(payload, 'eventType');
		if (typeof eventType === 'string' && !events.includes(eventType)) {
			return acknowledge(this, `${eventType} is not one of the events this trigger starts on.`);
		}
		const problem = recordingEventProblem(payload);
		if (problem !== undefined) {
			return refuse(
				this,
				'badPayload',
				`The delivery is signed by Siro, but ${problem}: it is not a recording event as Siro documents it.`,
			);
		}
		const event = payload as SiroRecordingEvent;

		if (this.getNodeParameter('onlyWhenProcessedAndLinked', true) as boolean) {
			if (!event.recordingProcessed || !event.recordingLinked) {
				return acknowledge(
					this,
					'The recording is not both processed and linked yet; the workflow starts when it is.',
				);
			}
			if (
				isRemembered(staticData, RECORDING_IDS, event.recordingId) ||
				(production && !claimOnce(`${scope}/recording/${event.recordingId}`))
			) {
				return acknowledge(this, 'The workflow already started for this recording.');
			}
			remember(staticData, RECORDING_IDS, event.recordingId, REMEMBERED_RECORDINGS);
		}

		const item: IDataObject = { ...event, event: event.eventType };
		return {
			...answer(this, 200, { received: true, workflowStarted: true }),
			workflowData: [[{ json: item }]],
		};
	}
}
