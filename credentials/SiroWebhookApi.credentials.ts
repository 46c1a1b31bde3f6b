import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * The signing secret of a webhook endpoint registered in Siro (Organization Admin → Webhooks), which
 * the Siro Trigger checks every delivery against. Nothing here is sent anywhere, and Siro has no API
 * that could confirm a secret: the Siro Trigger tests it (`testedBy`) by checking its form only.
 */
export class SiroWebhookApi implements ICredentialType {
	name = 'siroWebhookApi';

	displayName = 'Siro Webhook API';

	documentationUrl = 'https://github.com/n8n-nodes-siro/n8n-nodes-siro#siro-trigger';

	icon: Icon = { light: 'file:../nodes/Siro/siro.svg', dark: 'file:../nodes/Siro/siro.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'whsec_…',
			description:
				"The Signing Secret of the webhook endpoint in Siro (Organization Admin → Webhooks → the endpoint with this node's URL). It starts with whsec_.",
		},
		{
			displayName: 'Previous Signing Secret',
			name: 'previousSigningSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'whsec_…',
			description:
				'Only while rotating the secret in Siro: the old secret, so that deliveries signed with either are accepted. Empty it once the rotation is over.',
		},
	];
}
