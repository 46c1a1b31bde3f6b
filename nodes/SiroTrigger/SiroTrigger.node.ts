import {
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type ILoadOptionsFunctions,
	type INodePropertyOptions,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { ownValue } from '../Siro/core/values';
import { siroConnection } from '../Siro/shared/siroApi';
import { userOptionName } from '../Siro/shared/userOptions';
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
import {
	EVENT_RECORDING_AND_SUMMARY,
	executeTrigger,
	pollRecordings,
	POLLING_MODE,
	RECORDINGS_EVENT,
	RECORDING_AND_SUMMARY,
	triggerMode,
	WEBHOOK_MODE,
} from './polling';
import { MAX_GRACE_MINUTES, MAX_LOOK_BACK_HOURS } from './unrecorded';
import { APPOINTMENT_EVENT, MAX_READS_PER_POLL } from './unrecordedState';

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
			'={{($parameter["mode"] === "polling" ? "Polling: " : "") + ($parameter["mode"] === "polling" && $parameter["pollingEvent"] === "appointmentEndedWithoutRecording" ? "Appointments ended without recording" : $parameter["onlyWhenProcessedAndLinked"] === false ? $parameter["events"].length + " event(s)" : "Processed and linked recordings")}}',
		description:
			'Starts the workflow when Siro has processed a recording or linked it to the CRM, or (polling) when an appointment ended without a recording',
		eventTriggerDescription: 'Waiting for Siro to send an event to the Test URL',
		activationMessage:
			"Siro's deliveries to the Production URL (webhook mode), or the recordings each poll finds (polling mode), now start this workflow.",
		defaults: { name: 'Siro Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// n8n adds a Poll Times parameter to every polling node; it matters in polling mode only.
		polling: true,
		credentials: [
			{
				name: 'siroWebhookApi',
				required: true,
				testedBy: 'siroWebhookSecretTest',
				displayOptions: { show: { mode: [WEBHOOK_MODE] } },
			},
			{
				// Polling lists recordings, and the webhook mode can fetch one: Siro's external API. The
				// two modes' Include fields have different names, so that a value left from one mode
				// never hides the credential in the other.
				name: 'siroApi',
				required: true,
				displayOptions: { hide: { include: ['event'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				// n8n registers no webhook whose method is empty: none in polling mode.
				httpMethod: '={{$parameter["mode"] === "polling" ? "" : "POST"}}',
				responseMode: 'onReceived',
				path: 'webhook',
				ndvHideUrl: '={{$parameter["mode"] === "polling"}}',
			},
		],
		properties: [
			{
				displayName:
					"In Siro, open Organization Admin → Webhooks and add an endpoint with this node's Production URL (the Test URL while you listen for a test event) and the events below. Then copy the endpoint's Signing Secret (whsec_…) into the Siro Webhook credential. Deliveries that are not signed with it get 401 and start nothing. (Poll Times is for the polling mode.)",
				name: 'setupNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { mode: [WEBHOOK_MODE] } },
			},
			{
				// The default stays 'webhook' for good: n8n does not store a parameter left at its
				// default, so workflows saved before polling existed keep webhook mode.
				displayName: 'Mode',
				name: 'mode',
				type: 'options',
				options: [
					{
						name: 'Webhook',
						value: WEBHOOK_MODE,
						description:
							'Siro sends each event to this node as it happens (needs a public HTTPS URL)',
					},
					{
						name: 'Polling',
						value: POLLING_MODE,
						description:
							'The node asks Siro for new recordings at the Poll Times (no public URL needed)',
					},
				],
				default: WEBHOOK_MODE,
				description: 'How the trigger learns about recordings',
			},
			{
				displayName: 'Event',
				name: 'pollingEvent',
				type: 'options',
				options: [
					{
						name: 'Recording Processed or Linked',
						value: RECORDINGS_EVENT,
						description: 'A recording Siro processed, or linked to the CRM, since the last poll',
					},
					{
						name: 'Appointment Ended Without Recording',
						value: APPOINTMENT_EVENT,
						description:
							'An appointment synced into Siro (an engagement) ended, plus the Grace Period, and no recording was matched to it',
					},
				],
				default: RECORDINGS_EVENT,
				description: 'What each poll looks for',
				displayOptions: { show: { mode: [POLLING_MODE] } },
			},
			{
				displayName: `Each poll lists the organization's engagement users (Siro's External API, the Siro API credential's Organization API Token; one request per page, per chosen rep) and reads each engagement it has not seen, or whose End Time plus the Grace Period has passed (one request each, at most ${MAX_READS_PER_POLL} a poll; the rest wait for the next). An engagement ended within the Look-Back with no recordingId starts the workflow once; cancelled ones never do. The first poll reports those of the Look-Back already ended.`,
				name: 'appointmentNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { mode: [POLLING_MODE], pollingEvent: [APPOINTMENT_EVENT] } },
			},
			{
				displayName: 'Reps Names or IDs',
				name: 'reps',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getReps' },
				default: [],
				description:
					'Only the appointments of these reps (each costs its own listing per poll). None: every rep. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: { show: { mode: [POLLING_MODE], pollingEvent: [APPOINTMENT_EVENT] } },
			},
			{
				displayName: 'Grace Period (Minutes)',
				name: 'graceMinutes',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: MAX_GRACE_MINUTES, numberPrecision: 0 },
				default: 15,
				description:
					'How long after its End Time an appointment may still get its recording (reps stop and upload late) before it counts as not recorded',
				displayOptions: { show: { mode: [POLLING_MODE], pollingEvent: [APPOINTMENT_EVENT] } },
			},
			{
				displayName: 'Look-Back (Hours)',
				name: 'lookBackHours',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_LOOK_BACK_HOURS, numberPrecision: 0 },
				default: 24,
				description:
					'Appointments that ended longer ago are neither reported nor remembered. It bounds what the trigger keeps: one entry per appointment ending within it or later.',
				displayOptions: { show: { mode: [POLLING_MODE], pollingEvent: [APPOINTMENT_EVENT] } },
			},
			{
				displayName:
					"Each poll asks Siro's external API (the Siro API credential's Organization API Token) for the recordings processed or changed since the last poll: one request, one more per 1,000 recordings. The first poll after activation only notes what exists, so the workflow starts for what happens from then on. A recording deleted after it started the workflow comes again with deleted: true.",
				name: 'pollingNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { mode: [POLLING_MODE], pollingEvent: [RECORDINGS_EVENT] } },
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
				displayOptions: { hide: { pollingEvent: [APPOINTMENT_EVENT] } },
				description:
					'The Siro events that start the workflow. Webhook: others are acknowledged and ignored; subscribe the endpoint in Siro to the same events. Polling: a recording starts it when a poll first finds it processed, or linked.',
			},
			{
				displayName: 'Only When Processed and Linked',
				name: 'onlyWhenProcessedAndLinked',
				type: 'boolean',
				default: true,
				displayOptions: { hide: { pollingEvent: [APPOINTMENT_EVENT] } },
				description:
					'Whether to start the workflow only once a recording is both processed and linked to a CRM object, and only once per recording, whichever event says so first. Off: every selected event starts it.',
			},
			{
				displayName: 'Include',
				name: 'include',
				type: 'options',
				options: [
					{
						name: 'Event',
						value: 'event',
						description: 'The delivery as Siro sent it',
					},
					{
						name: 'Event, Recording and Summary',
						value: EVENT_RECORDING_AND_SUMMARY,
						description:
							"Also the recording with its CRM links and summary, fetched in the same execution (one request to Siro's external API, with a Siro API credential)",
					},
				],
				default: 'event',
				description: 'What each item holds',
				displayOptions: { show: { mode: [WEBHOOK_MODE] } },
			},
			{
				displayName: 'Include',
				name: 'pollingInclude',
				type: 'options',
				options: [
					{
						name: 'Recording',
						value: 'recording',
						description:
							'The recording with its CRM links, and the event fields of the webhook mode',
					},
					{
						name: 'Recording and Summary',
						value: RECORDING_AND_SUMMARY,
						description: 'Also its summary, listed with it (no extra request)',
					},
				],
				default: 'recording',
				description: 'What each item holds',
				displayOptions: { show: { mode: [POLLING_MODE], pollingEvent: [RECORDINGS_EVENT] } },
			},
		],
	};

	methods = {
		loadOptions: {
			/** Reps: the organization's users by name and e-mail (value: Siro's user ID), disabled ones marked. */
			async getReps(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				// The client's own listing, not the Siro node's user matching: it would bundle the phone-number
				// library into the trigger.
				const { client } = await siroConnection(this);
				const users = await client.listUsers();
				return users
					.map((user) => ({ name: userOptionName(user), value: user.id }))
					.sort((left, right) => left.name.localeCompare(right.name));
			},
		},
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

	/** Polling mode only: in webhook mode n8n still calls it at the Poll Times, and it does nothing. */
	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		if (triggerMode(this) !== POLLING_MODE) return null;
		return await pollRecordings.call(this);
	}

	/**
	 * n8n runs a trigger node inside each execution it starts, and a node that can poll would be
	 * polled there in a manual run, losing a test webhook delivery: execute() comes first, so the
	 * node passes its items through (adding the recording when Include asks), and in polling mode a
	 * manual test fetches the latest recording.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeTrigger.call(this);
	}

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
