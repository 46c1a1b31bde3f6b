import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { ACTIONS_ACCEPTING, buildRecordLink, RECORD_ACTIONS } from '../../nodes/Siro/core';
import { Siro } from '../../nodes/Siro/Siro.node';
import { createExecuteContext, type ExecuteContextOptions } from './support/executeContext';

const CONSULTATION = '3f2b9c1e-8d4a-4e7b-9a61-2c5d8e9f0a1b';

async function run(options: ExecuteContextOptions) {
	const recorder = createExecuteContext(options);
	const [output] = await new Siro().execute.call(recorder.context);
	return { output, hints: recorder.hints, recorder };
}

/** Calendar events as a Google Calendar trigger hands them over. */
const calendarEvents: IDataObject[] = [
	{
		summary: 'Smith residence – roof inspection',
		crm: '[{"objectType":"opportunity","objectId":"006A1"}]',
		rep: '+15550001',
	},
	{
		summary: 'Jones (2nd visit) + gutters',
		crm: '[{"objectType":"Lead","objectId":"00QB2"},{"objectType":"LEAD","objectId":"00QB2"}]',
		rep: '+15550002',
	},
	{ summary: 'Nguyen\nfollow-up', crm: '[]', rep: '+15550003' },
];

/** A link short enough to draw no length warning. */
const shortLinkParameters: IDataObject = {
	resource: 'recordLink',
	operation: 'build',
	recordAction: 'start',
	title: 'Smith visit',
	crmObjectsInput: 'fields',
	options: {},
};

/** What the node's parameters resolve to per item, as if set with expressions like {{ $json.summary }}. */
const buildParametersFromEvent = (itemIndex: number): IDataObject => ({
	resource: 'recordLink',
	operation: 'build',
	recordAction: 'start',
	title: calendarEvents[itemIndex].summary,
	conversationType: { __rl: true, mode: 'id', value: CONSULTATION },
	integrationConnectionId: 'conn-salesforce-1',
	crmObjectsInput: 'json',
	crmObjectsJson: calendarEvents[itemIndex].crm,
	redirectUrl: 'https://crm.example.com/visits?done=1',
	options: {},
});

describe('Siro node: Build Record Link', () => {
	it('builds one link per calendar event, keeping the item fields and pairing each output with its item', async () => {
		const { output } = await run({ items: calendarEvents, parameters: buildParametersFromEvent });

		expect(output).toHaveLength(3);
		output.forEach((item, itemIndex) => {
			expect(item.pairedItem).toEqual({ item: itemIndex });
			expect(item.json.rep).toBe(calendarEvents[itemIndex].rep);
			const expected = buildRecordLink({
				action: 'start',
				title: calendarEvents[itemIndex].summary as string,
				conversationType: CONSULTATION,
				integrationConnectionId: 'conn-salesforce-1',
				crmObjects: calendarEvents[itemIndex].crm as string,
				redirectUrl: 'https://crm.example.com/visits?done=1',
			});
			expect(item.json.recordLink).toBe(expected.url);
		});
		// Checked by hand against Siro's page: strict encoding, fixed order, canonical CRM type, duplicates dropped.
		expect(output[1].json.recordLink).toBe(
			'https://app.siro.ai/record?action=start&title=Jones%20%282nd%20visit%29%20%2B%20gutters' +
				`&conversationType=${CONSULTATION}&integrationConnectionId=conn-salesforce-1` +
				'&crmObjects=%5B%7B%22objectType%22%3A%22Lead%22%2C%22objectId%22%3A%2200QB2%22%7D%5D' +
				'&redirectUrl=https%3A%2F%2Fcrm.example.com%2Fvisits%3Fdone%3D1',
		);
		expect(output[2].json.recordLink).toContain('title=Nguyen%20follow-up&');
		expect(output[2].json.recordLink).not.toContain('crmObjects=');
	});

	it('accepts CRM objects from the UI list and as an already-parsed array from an expression', async () => {
		const fromList = await run({
			items: [{}],
			parameters: {
				...buildParametersFromEvent(0),
				crmObjectsInput: 'fields',
				crmObjects: { crmObject: [{ objectType: 'Opportunity', objectId: '006A1' }] },
			},
		});
		const fromArray = await run({
			items: [{}],
			parameters: {
				...buildParametersFromEvent(0),
				crmObjectsJson: [{ objectType: 'Opportunity', objectId: '006A1' }],
			},
		});
		const fromJsonText = await run({ items: [{}], parameters: buildParametersFromEvent(0) });
		expect(fromList.output[0].json.recordLink).toBe(fromJsonText.output[0].json.recordLink);
		expect(fromArray.output[0].json.recordLink).toBe(fromJsonText.output[0].json.recordLink);
	});

	it('keeps going past a bad item with Continue On Fail, naming the field in that item', async () => {
		const { output } = await run({
			items: [{ uuid: CONSULTATION }, { uuid: 'In-Home Consultation' }, { uuid: '' }],
			continueOnFail: true,
			parameters: (itemIndex) => ({
				...buildParametersFromEvent(0),
				conversationType: {
					__rl: true,
					mode: 'id',
					value: [CONSULTATION, 'In-Home Consultation', ''][itemIndex],
				},
			}),
		});
		expect(output).toHaveLength(3);
		expect(output[0].json.recordLink).toContain(`conversationType=${CONSULTATION}`);
		expect(output[1].json).toMatchObject({ field: 'conversationType' });
		expect(output[1].json.error).toMatch(/display name/);
		expect(output[1].json.fix).toMatch(/From List or By Name/);
		expect(output[1].pairedItem).toEqual({ item: 1 });
		expect(output[2].json.recordLink).not.toContain('conversationType=');
	});

	it('stops at a bad item without Continue On Fail, with the item in the message and the fix in the description', async () => {
		const failing = run({
			items: [{}, {}],
			parameters: (itemIndex) => ({
				...buildParametersFromEvent(0),
				crmObjectsJson: itemIndex === 1 ? '[{"objectType":"Deal","objectId":"1"}]' : '[]',
			}),
		});
		await expect(failing).rejects.toBeInstanceOf(NodeOperationError);
		const error = (await failing.catch((caught: unknown) => caught)) as NodeOperationError;
		expect(error.message).toMatch(/crmObjects\[0\]\.objectType "Deal".*\[item 1\]$/);
		expect(error.description).toMatch(
			/Lead, Account, Contact, Opportunity, Engagement, Event, ServiceAppointment/,
		);
	});

	it('refuses a parameter an expression sets for an action that ignores it, naming both', async () => {
		const failing = run({
			items: [{ action: 'stop' }],
			parameters: {
				...buildParametersFromEvent(0),
				recordAction: 'stop',
				crmObjectsJson: '[]',
				conversationType: '',
			},
		});
		await expect(failing).rejects.toThrow(/title is not valid for a stop link/);
	});

	it('reports each distinct warning once as an execution hint naming its items, and in each item', async () => {
		const longTitle = 'Quarterly roof and gutter inspection '.repeat(10);
		const { output, hints } = await run({
			items: [{}, {}, {}],
			parameters: (itemIndex) => ({
				...shortLinkParameters,
				title: itemIndex === 1 ? 'Short' : longTitle,
				options: { opportunityId: 'opp-9' },
			}),
		});
		expect(hints).toHaveLength(2);
		expect(hints.map((hint) => hint.message)).toEqual([
			expect.stringMatching(/^Items 0, 1, 2: opportunityId .* deprecated/),
			expect.stringMatching(/^Items 0, 2: The link is \d+ characters long/),
		]);
		expect(hints.every((hint) => hint.type === 'warning')).toBe(true);
		expect(output[1].json.recordLinkWarnings).toHaveLength(1);
		expect(output[0].json.recordLinkWarnings).toHaveLength(2);
	});

	it('writes the link to the chosen field, or outputs only the link and its parts', async () => {
		const renamed = await run({
			items: [{ keep: 1 }],
			parameters: { ...shortLinkParameters, options: { linkField: 'siroLink' } },
		});
		expect(renamed.output[0].json).toMatchObject({ keep: 1, siroLinkWarnings: [] });
		expect(renamed.output[0].json.siroLink).toBe(
			'https://app.siro.ai/record?action=start&title=Smith%20visit',
		);

		const partsOnly = await run({
			items: [{ keep: 1 }],
			parameters: { ...buildParametersFromEvent(0), options: { output: 'linkAndParts' } },
		});
		const parts = {
			action: 'start',
			title: 'Smith residence – roof inspection',
			conversationType: CONSULTATION,
			integrationConnectionId: 'conn-salesforce-1',
			crmObjects: [{ objectType: 'Opportunity', objectId: '006A1' }],
			redirectUrl: 'https://crm.example.com/visits?done=1',
		};
		expect(partsOnly.output[0].json).toEqual({
			recordLink: buildRecordLink(parts).url,
			recordLinkWarnings: [expect.stringMatching(/^The link is \d+ characters long/)],
			...parts,
		});
	});

	it.each(['title', 'crmObjects', 'action', '__proto__', 'constructor', 'prototype'])(
		'refuses %j as Put Link in Field: it would collide with a part of the link or with object internals',
		async (linkField) => {
			const { output } = await run({
				items: [{}],
				continueOnFail: true,
				parameters: { ...shortLinkParameters, options: { linkField, output: 'linkAndParts' } },
			});
			expect(output[0].json).toMatchObject({ field: 'linkField' });
			expect(output[0].json.error).toMatch(/Put Link in Field/);
			expect(output[0].json).not.toHaveProperty('recordLink');
		},
	);

	it('reads the options as own keys only: a polluted Object.prototype adds nothing to the link', async () => {
		const polluted = {
			opportunityId: 'evil-opportunity',
			linkField: 'title',
			output: 'linkAndParts',
			crmObject: [{ objectType: 'Lead', objectId: 'evil-lead' }],
			mode: 'name',
		};
		for (const [key, value] of Object.entries(polluted)) {
			Object.defineProperty(Object.prototype, key, { value, configurable: true, writable: true });
		}
		let result: Awaited<ReturnType<typeof run>>;
		try {
			result = await run({
				items: [{ keep: 1 }],
				// n8n resolves the node's own parameters; only the collections it hands over are plain objects.
				parameters: Object.assign(Object.create(null), {
					...shortLinkParameters,
					conversationType: { __rl: true, value: CONSULTATION },
					integrationConnectionId: '',
					redirectUrl: '',
					crmObjects: {},
					options: {},
				}),
			});
		} finally {
			for (const key of Object.keys(polluted))
				delete (Object.prototype as Record<string, unknown>)[key];
		}
		expect(result.output[0].json).toEqual({
			keep: 1,
			recordLink: `https://app.siro.ai/record?action=start&title=Smith%20visit&conversationType=${CONSULTATION}`,
			recordLinkWarnings: [],
		});
	});

	it('needs no credential and makes no request for links picked By ID with the Format check', async () => {
		const { recorder } = await run({ items: [{}, {}], parameters: buildParametersFromEvent });
		expect(recorder.credentialReads).toBe(0);
	});
});

describe('Siro node: Parse Record Link', () => {
	it('outputs the parts, valid and issues of each link', async () => {
		const good = buildRecordLink({
			action: 'restart',
			conversationType: CONSULTATION,
			redirectUrl: 'https://a.example/x',
		}).url;
		const { output } = await run({
			items: [{}, {}],
			parameters: (itemIndex) => ({
				resource: 'recordLink',
				operation: 'parse',
				link: [good, 'https://app.siro.ai/record?action=stop&title=Smith+visit&jobId=77'][
					itemIndex
				],
			}),
		});
		expect(output[0].json).toMatchObject({
			link: good,
			action: 'restart',
			conversationType: CONSULTATION,
			redirectUrl: 'https://a.example/x',
			valid: true,
			issues: [],
		});
		expect(output[1].json).toMatchObject({
			action: 'stop',
			title: 'Smith+visit',
			opportunityId: '77',
			valid: false,
		});
		expect(output[1].json.issues).toEqual([
			expect.stringMatching(/title contains a raw "\+"/),
			expect.stringMatching(/title is not valid for a stop link/),
			expect.stringMatching(/opportunityId is not valid for a stop link/),
		]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('Siro node: the By ID field validation in the editor', () => {
	const conversationType = new Siro().description.properties.find(
		(property) => property.name === 'conversationType',
	)!;
	const byId = conversationType.modes!.find((mode) => mode.name === 'id')!;
	const validation = byId.validation![0] as unknown as { properties: { regex: string } };
	const accepts = (value: string) => new RegExp(validation.properties.regex).test(value);

	it('accepts what the link core accepts as a UUID, surrounding blanks included', () => {
		expect(accepts(CONSULTATION)).toBe(true);
		expect(accepts(` ${CONSULTATION.toUpperCase()} `)).toBe(true);
		expect(
			buildRecordLink({ action: 'start', conversationType: ` ${CONSULTATION.toUpperCase()} ` }).url,
		).toContain(CONSULTATION);
	});

	it('flags a display name or a configuration id before the workflow runs', () => {
		expect(accepts('In-Home Consultation')).toBe(false);
		expect(accepts(`demoOrg123-${CONSULTATION}`)).toBe(false);
	});
});

describe('Siro node: which fields the editor shows for which action', () => {
	const properties = new Siro().description.properties;
	const field = (name: string) => properties.find((property) => property.name === name)!;
	const option = (name: string) =>
		field('options').options!.find((o) => o.name === name) as (typeof properties)[0];

	it('offers exactly the actions the link core knows', () => {
		expect(field('recordAction').options!.map((o) => (o as { value: string }).value)).toEqual([
			...RECORD_ACTIONS,
		]);
	});

	it.each([
		['title', 'title'],
		['conversationType', 'conversationType'],
		['integrationConnectionId', 'integrationConnectionId'],
		['crmObjectsInput', 'crmObjects'],
		['crmObjects', 'crmObjects'],
		['crmObjectsJson', 'crmObjects'],
		['redirectUrl', 'redirectUrl'],
	] as const)('shows %s for the actions that accept %s', (name, parameter) => {
		expect(field(name).displayOptions!.show!.recordAction).toEqual([
			...ACTIONS_ACCEPTING[parameter],
		]);
	});

	it('shows the opportunityId and conversation type options for the actions that accept them', () => {
		expect(option('opportunityId').displayOptions!.show!['/recordAction']).toEqual([
			...ACTIONS_ACCEPTING.opportunityId,
		]);
		for (const name of ['conversationTypeCheck', 'organizationId']) {
			expect(option(name).displayOptions!.show!['/recordAction']).toEqual([
				...ACTIONS_ACCEPTING.conversationType,
			]);
		}
	});
});

describe('Siro node: Build Record Link from input fields', () => {
	const fromInputFields: IDataObject = {
		resource: 'recordLink',
		operation: 'build',
		inputDataMode: 'fromInputFields',
		options: {},
	};
	/** Items that already carry the link's parameters, as a CRM webhook or a sheet row would. */
	const rows: IDataObject[] = [
		{
			action: 'start',
			title: 'Jones (2nd visit) + gutters',
			conversationType: CONSULTATION.toUpperCase(),
			integrationConnectionId: 'conn-salesforce-1',
			crmObjects: '[{"objectType":"lead","objectId":"00QB2"}]',
			redirectUrl: 'https://crm.example.com/visits?done=1',
			rowNumber: 7,
			jobId: 'job-42',
		},
		{ action: 'stop', sheet: 'Visits' },
		{
			action: 'restart',
			conversationType: CONSULTATION,
			integrationConnectionId: 4711,
			crmObjects: [{ objectType: 'Opportunity', objectId: '006A1' }],
			opportunityId: 'opp-9',
		},
	];

	it("builds each item's link from its own fields, exactly as from the same parameters, ignoring the rest", async () => {
		const { output } = await run({ items: rows, parameters: fromInputFields });

		expect(output).toHaveLength(3);
		output.forEach((item, itemIndex) => {
			const { rowNumber: _row, jobId: _job, sheet: _sheet, ...parameters } = rows[itemIndex];
			expect(item.json.recordLink).toBe(buildRecordLink(parameters).url);
			expect(item.pairedItem).toEqual({ item: itemIndex });
			// The input's fields stay on the item, as with Define Below.
			expect(item.json).toMatchObject(rows[itemIndex]);
		});
		// jobId is Siro's alias of opportunityId, but an item's jobId may mean anything: not taken.
		expect(output[0].json.recordLink).not.toContain('opportunityId');
		expect(output[0].json.recordLink).not.toContain('jobId');
	});

	it('applies every rule and names the field and the item, as Define Below does', async () => {
		const items = [{ action: 'stop', title: 'Smith visit' }];
		const error = await run({ items, parameters: fromInputFields }).catch((caught) => caught);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/title is not valid for a stop link.*\[item 0\]$/);

		const { output } = await run({
			items: [
				{ action: 'start', integrationConnectionId: 4150868000000224005 },
				{ action: 'start' },
			],
			parameters: fromInputFields,
			continueOnFail: true,
		});
		expect(output[0].json).toMatchObject({ field: 'integrationConnectionId' });
		expect(output[0].json.error).toMatch(/cannot be an exact ID/);
		expect(output[1].json.recordLink).toBe('https://app.siro.ai/record?action=start');
	});

	it('reads own fields only: a polluted Object.prototype adds nothing to a link', async () => {
		Object.defineProperty(Object.prototype, 'redirectUrl', {
			value: 'https://evil.example/',
			configurable: true,
			writable: true,
		});
		try {
			const { output } = await run({ items: [{ action: 'start' }], parameters: fromInputFields });
			expect(output[0].json.recordLink).toBe('https://app.siro.ai/record?action=start');
		} finally {
			delete (Object.prototype as Record<string, unknown>).redirectUrl;
		}
	});

	it('reads options without an expression once, not once per item', async () => {
		const items = Array.from({ length: 50 }, (_, index) => ({
			action: 'start',
			title: `Visit ${index}`,
		}));
		const { output, recorder } = await run({
			items,
			parameters: { ...fromInputFields, options: { linkField: 'siroLink' } },
		});
		expect(output.map((item) => item.json.siroLink)).toEqual(
			items.map((item) => buildRecordLink(item).url),
		);
		// resource, operation, inputDataMode and options, once each, whatever the number of items.
		expect(recorder.parameterReads).toBe(4);
	});

	it('reads options per item when they hold an expression', async () => {
		const items = [{ action: 'start' }, { action: 'stop' }];
		const { output } = await run({
			items,
			parameters: (itemIndex) => ({
				...fromInputFields,
				options: { linkField: itemIndex === 0 ? 'first' : 'second' },
			}),
		});
		expect(output[0].json.first).toBe('https://app.siro.ai/record?action=start');
		expect(output[1].json.second).toBe('https://app.siro.ai/record?action=stop');
	});
});
