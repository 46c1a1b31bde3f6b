/**
 * Recording → Upload's rules in the node, checked for every item before any request: the rep (one
 * way, a phone read with numbering plans), the CRM objects with their connection, the time; each
 * error names the parameter on screen and the item. (The upload itself, with n8n's binary helpers,
 * runs end to end in real n8n: test/e2e/upload.e2e.test.js.)
 */
import { operationParameters, nodeErrorFrom, runSiroNode } from './support/runSiroNode';
import { useFakeSiro } from './support/fakeSiroFixture';
import { accessTokenCredentials } from './support/siroCredentials';

const fake = useFakeSiro();

function upload(parameters: Record<string, unknown>, items = [{}, {}]) {
	return runSiroNode({
		credentials: accessTokenCredentials(fake),
		items,
		parameters: operationParameters('recording', 'upload', {
			binaryPropertyName: 'data',
			title: '',
			repBy: 'user',
			rep: { __rl: true, mode: 'list', value: '' },
			conversationType: { __rl: true, mode: 'list', value: '' },
			integrationConnection: { __rl: true, mode: 'list', value: '' },
			crmObjectsInput: 'fields',
			crmObjects: {},
			additionalFields: {},
			...parameters,
		}),
		node: { typeVersion: 1.1 },
	});
}

test.each([
	[
		'no rep picked',
		{},
		/^No rep is given: Siro needs to know whose recording it is\. \[item 0\]$/,
		"Give the rep's userId, userEmail or userPhone.",
	],
	[
		'a rep phone number without its country code',
		{ repBy: 'phone', repPhone: '(212) 555-0100' },
		/Rep Phone Number "\(212\) 555-0100" is not one valid phone number written with its country code\. \[item 0\]/,
		expect.stringMatching(/Default Country/),
	],
	[
		'a Default Country that is none',
		{ repBy: 'phone', repPhone: '2125550100', additionalFields: { defaultCountry: 'USA' } },
		/Default Country "USA" is not a country/,
		expect.any(String),
	],
	[
		'CRM objects without an integration connection',
		{
			rep: { __rl: true, mode: 'id', value: 'demoUser001' },
			crmObjects: { crmObject: [{ objectType: 'Opportunity', objectId: '006A1' }] },
		},
		/CRM objects are given without integrationConnectionId/,
		expect.stringMatching(/integration connection/),
	],
	[
		'an integration connection without CRM objects',
		{
			rep: { __rl: true, mode: 'id', value: 'demoUser001' },
			integrationConnection: { __rl: true, mode: 'id', value: 'conn-1' },
		},
		/integrationConnectionId is given without CRM objects/,
		expect.any(String),
	],
	[
		'a contact phone that is not a number',
		{
			repBy: 'email',
			repEmail: 'avery@example.com',
			additionalFields: { contactPhone: 'ask the front desk' },
		},
		/Contact Phone "ask the front desk" is not one valid phone number/,
		expect.any(String),
	],
])(
	'%s: an error naming it and the item, before any request',
	async (_name, parameters, message, fix) => {
		const error = await nodeErrorFrom(upload(parameters));
		expect(error.message).toMatch(message);
		expect(error.description).toEqual(fix);
		expect(fake.requests).toHaveLength(0);
	},
);
