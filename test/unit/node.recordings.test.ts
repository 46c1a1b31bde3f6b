/**
 * The Siro node's Recording resource (Get, Get Many, Get Summary, Get Transcript), run with
 * `new Siro().execute` against the fake Siro over real sockets, through the stand-in for n8n's
 * httpRequestWithAuthentication.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEMO } from '../../dev/fake-siro/server';
import { useFakeSiro } from './support/fakeSiroFixture';
import {
	nodeApiErrorFrom,
	nodeErrorFrom,
	operationParameters,
	runSiroNode,
	type OperationRunOptions,
} from './support/runSiroNode';
import {
	accessTokenCredentials,
	oauthAppCredentials,
	organizationTokenCredentials,
} from './support/siroCredentials';

const fake = useFakeSiro();

function runRecording(
	operation: string,
	parameters: IDataObject,
	options: OperationRunOptions = {},
) {
	return runSiroNode({
		...options,
		parameters: operationParameters('recording', operation, parameters),
		credentials: options.credentials ?? organizationTokenCredentials(fake),
	});
}

const requestsTo = (route: string) => fake.requests.filter((entry) => entry.route === route);

describe('Recording → Get', () => {
	it('outputs the recording as Siro has it, with the details asked for, paired with its item', async () => {
		const { output } = await runRecording('get', {
			recordingId: DEMO.recordings.processedLinked,
			include: ['crmLinks', 'summary', 'entityExtractions', 'evaluationScore', 'followups'],
		});

		expect(output).toHaveLength(1);
		const stored = fake.recordings.find(DEMO.recordings.processedLinked);
		expect(output[0].json).toEqual({
			...stored,
			deleted: false,
		});
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(requestsTo('recording').map((entry) => entry.query)).toEqual([
			{
				showCrmLinks: 'true',
				showEntityExtractions: 'true',
				showEvaluationScore: 'true',
				showFollowups: 'true',
				showSummary: 'true',
			},
		]);
		expect(requestsTo('recording')[0].headers.authorization).toBe(
			`Bearer ${DEMO.organizationApiToken}`,
		);
	});

	it('asks for no details unless Include names them', async () => {
		const { output } = await runRecording('get', { recordingId: DEMO.recordings.processedLinked });

		expect(output[0].json).not.toHaveProperty('crm');
		expect(output[0].json).not.toHaveProperty('summary');
		expect(requestsTo('recording')[0].query).toEqual({});
	});

	it('flags a deleted recording instead of dropping it', async () => {
		const { output } = await runRecording('get', { recordingId: DEMO.recordings.deleted });
		expect(output[0].json).toMatchObject({
			id: DEMO.recordings.deleted,
			deleted: true,
			deletedAt: expect.any(String),
		});
	});

	it("names the item and the recording when it is not in the token's organization, and goes on past it with Continue On Fail", async () => {
		const ids = [
			DEMO.recordings.processing,
			DEMO.recordings.otherOrganization,
			DEMO.recordings.processedUnlinked,
		];
		const error = await nodeApiErrorFrom(
			runRecording('get', { recordingId: (i: number) => ids[i] }, { items: [{}, {}, {}] }),
		);
		expect(error.httpCode).toBe('404');
		expect(error.message).toBe(
			`Siro has no recording for recording "${DEMO.recordings.otherOrganization}" in the token's organization (404). [item 1]`,
		);
		expect(error.description).toMatch(/Check the recording ID/);

		const { output } = await runRecording(
			'get',
			{ recordingId: (i: number) => ids[i] },
			{ items: [{}, {}, {}], continueOnFail: true },
		);
		expect(output.map((item) => [item.pairedItem, item.json.id ?? item.json.httpCode])).toEqual([
			[{ item: 0 }, DEMO.recordings.processing],
			[{ item: 1 }, 404],
			[{ item: 2 }, DEMO.recordings.processedUnlinked],
		]);
		expect(output[1].json.error).toMatch(/Siro has no recording/);
	});

	it.each([
		['', /Recording ID is empty/],
		['  ', /Recording ID is empty/],
		[2 ** 60, /Recording ID is the number .* which cannot be an exact ID/],
		['abc\u200bdef', /invisible character/],
		['..', /Recording ID is "\.\."/],
	])('refuses the Recording ID %p before sending anything', async (recordingId, message) => {
		const error = await nodeErrorFrom(runRecording('get', { recordingId }));
		expect(error.message).toMatch(message);
		expect(error.message).toMatch(/\[item 0\]$/);
		expect(fake.countRequests()).toBe(0);
	});

	it("says which credential field to fill when the organization's API token is missing, before any request", async () => {
		const error = await nodeErrorFrom(
			runRecording(
				'get',
				{ recordingId: DEMO.recordings.processedLinked },
				{ credentials: accessTokenCredentials(fake) },
			),
		);
		expect(error.message).toMatch(/The Siro credential's Organization API Token is empty/);
		expect(error.description).toMatch(/API Tokens/);
		expect(fake.countRequests()).toBe(0);
	});

	it('retries a 503 and succeeds; gives up on a 429 that keeps coming after 3 tries', async () => {
		fake.setFault({ kind: 'unavailable', route: 'recording', times: 1, retryAfter: 0 });
		const { output } = await runRecording('get', { recordingId: DEMO.recordings.processedLinked });
		expect(output[0].json.id).toBe(DEMO.recordings.processedLinked);
		expect(requestsTo('recording').map((entry) => entry.status)).toEqual([503, 200]);

		fake.resetLog();
		fake.setFault({ kind: 'rateLimited', route: 'recording', retryAfter: 0 });
		const error = await nodeApiErrorFrom(
			runRecording('get', { recordingId: DEMO.recordings.processedLinked }),
		);
		expect(error.httpCode).toBe('429');
		expect(error.message).toMatch(/after 3 tries/);
		expect(fake.countRequests('recording')).toBe(3);
	});
});

describe('Recording → Get Many', () => {
	it('returns at most Limit recordings, newest first, asking Siro for no more than that', async () => {
		const { output } = await runRecording('getAll', { returnAll: false, limit: 3, filters: {} });

		const newest = [...fake.data.recordings]
			.filter((recording) => recording.organizationId === DEMO.organizationId)
			.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))
			.slice(0, 3)
			.map((recording) => recording.id);
		expect(output.map((item) => item.json.id)).toEqual(newest);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
		expect(requestsTo('recordings').map((entry) => entry.query.pageSize)).toEqual(['3']);
	});

	it('with Return All lists the whole organization, the deleted recording flagged, every item with `deleted`', async () => {
		const { output } = await runRecording('getAll', { returnAll: true, filters: {} });

		const organization = fake.data.recordings.filter(
			(recording) => recording.organizationId === DEMO.organizationId,
		);
		expect(output).toHaveLength(organization.length);
		expect(output.filter((item) => item.json.deleted === true).map((item) => item.json.id)).toEqual(
			organization.filter((recording) => recording.deleted).map((recording) => recording.id),
		);
		expect(output.every((item) => typeof item.json.deleted === 'boolean')).toBe(true);
	});

	it("sends the windows as Siro's UTC timestamps (a time without a zone read in the workflow's zone) and the processing flags", async () => {
		const { output } = await runRecording(
			'getAll',
			{
				returnAll: true,
				filters: {
					createdAfter: '2020-01-01T00:00:00',
					updatedBefore: '2100-07-01T12:00:00+02:00',
					isProcessingDone: true,
					isSummaryDone: true,
				},
				include: ['crmLinks'],
			},
			{ timezone: 'America/New_York' },
		);
		expect(requestsTo('recordings')[0].query).toEqual({
			pageSize: '1000',
			'createdAt:gt': '2020-01-01T05:00:00.000Z',
			'updatedAt:lt': '2100-07-01T10:00:00.000Z',
			isProcessingDone: 'true',
			isSummaryDone: 'true',
			showCrmLinks: 'true',
		});
		expect(output.length).toBeGreaterThan(0);
		expect(output.every((item) => item.json.isProcessingDone === true)).toBe(true);
		expect(output.some((item) => item.json.crm !== undefined)).toBe(true);
	});

	it('gets only the recordings updated after a time: the one processed a moment ago', async () => {
		const { recordingId } = fake.phone.pressRecordButton({
			userId: DEMO.users.formattedPhone.id,
			title: 'Fresh visit',
		});
		const after = new Date(Date.now() - 1000).toISOString();
		fake.recordings.process(recordingId, { linked: true });

		const { output } = await runRecording('getAll', {
			returnAll: true,
			filters: { updatedAfter: after, isProcessingDone: true },
		});
		expect(output.map((item) => item.json.id)).toEqual([recordingId]);
	});

	it.each([
		[{ createdAfter: 'yesterday' }, /Created After "yesterday" is not an ISO 8601 time/],
		[{ updatedAfter: '2026-02-30T10:00:00Z' }, /Updated After .* is not a real date/],
		[
			{ createdAfter: '2026-03-02T10:00:00Z', createdBefore: '2026-03-01T10:00:00Z' },
			/Created After \(2026-03-02T10:00:00.000Z\) is not before Created Before/,
		],
		[{ isProcessingDone: 'yes' }, /Processing Done is not true or false/],
	])(
		'refuses the filters %p, naming the field, before sending anything',
		async (filters, message) => {
			const error = await nodeErrorFrom(runRecording('getAll', { returnAll: true, filters }));
			expect(error.message).toMatch(message);
			expect(error.message).toMatch(/\[item 0\]$/);
			expect(fake.countRequests()).toBe(0);
		},
	);

	it('refuses a Limit that is not a whole number of at least 1', async () => {
		const error = await nodeErrorFrom(
			runRecording('getAll', { returnAll: false, limit: 0.5, filters: {} }),
		);
		expect(error.message).toMatch(/Limit is 0.5, not a whole number of at least 1/);
		expect(fake.countRequests()).toBe(0);
	});

	it('reads the filters as own keys only: a polluted Object.prototype filters nothing', async () => {
		Object.defineProperty(Object.prototype, 'createdAfter', {
			value: '2999-01-01T00:00:00Z',
			configurable: true,
			writable: true,
		});
		try {
			const { output } = await runRecording('getAll', { returnAll: false, limit: 2, filters: {} });
			expect(output).toHaveLength(2);
			expect(requestsTo('recordings')[0].query).toEqual({ pageSize: '2' });
		} finally {
			delete (Object.prototype as Record<string, unknown>).createdAfter;
		}
	});
});

describe('Recording → Get Summary', () => {
	it('outputs the sections as {name, content} and the whole summary as one text, in one request', async () => {
		const { output } = await runRecording('getSummary', {
			recordingId: DEMO.recordings.processedLinked,
		});
		const stored = fake.recordings.find(DEMO.recordings.processedLinked);
		const sections = stored.summary.map(({ name, content }: IDataObject) => ({ name, content }));
		expect(output).toEqual([
			{
				json: {
					recordingId: stored.id,
					title: stored.title,
					deleted: false,
					sections,
					text: sections
						.map(({ name, content }: IDataObject) => `${name}\n${content}`)
						.join('\n\n'),
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(output[0].json.text).toMatch(/^Overview\nRep met the homeowner/);
		expect(fake.countRequests()).toBe(1);
		expect(requestsTo('recording')[0].query).toEqual({ showSummary: 'true' });
	});

	it('gives an empty summary for a recording still processing, and flags a deleted one', async () => {
		const { output } = await runRecording(
			'getSummary',
			{ recordingId: (i: number) => [DEMO.recordings.processing, DEMO.recordings.deleted][i] },
			{ items: [{}, {}] },
		);
		expect(output.map((item) => [item.json.sections, item.json.text, item.json.deleted])).toEqual([
			[[], '', false],
			[expect.any(Array), expect.stringContaining('Overview'), true],
		]);
	});
});

describe('Recording → Get Transcript', () => {
	it("outputs every utterance with its speaker's name and the transcript as one readable text", async () => {
		const { output } = await runRecording('getTranscript', {
			recordingId: DEMO.recordings.longTranscript,
		});
		const stored = fake.recordings.find(DEMO.recordings.longTranscript);
		const rep = fake.data.users.find(
			(user: IDataObject) => user.id === stored.userId,
		) as IDataObject;
		const repName = `${rep.firstName} ${rep.lastName}`;

		const json = output[0].json;
		expect(json.recordingId).toBe(DEMO.recordings.longTranscript);
		expect(json.utterances).toHaveLength(DEMO.longTranscriptUtterances);
		expect((json.utterances as IDataObject[])[0]).toEqual({
			utterance: 'Hi, thanks for having me over today.',
			startTimeInMillis: expect.any(Number),
			endTimeInMillis: expect.any(Number),
			speakerTag: '0',
			redacted: false,
			confidence: expect.any(Number),
			speaker: repName,
		});
		expect(json.speakerMap).toEqual({ 0: repName, 1: 'Customer', 2: 'Customer (spouse)' });
		const lines = (json.text as string).split('\n');
		expect(lines.slice(0, 3)).toEqual([
			`${repName}: Hi, thanks for having me over today.`,
			'Customer: Of course, come on in. The leak is mostly in the back room.',
			`${repName}: Got it. Before we start, is it okay if I record our conversation for my notes?`,
		]);
		expect(lines).toContain(
			'Customer (spouse): Can we finance it? We’d rather not pay it all at once.',
		);
		expect(lines).toContain('Customer: [REDACTED]');
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(requestsTo('utterances')[0].headers['x-siro-auth-token']).toBe(DEMO.userAccessToken);
	});

	it("joins one speaker's consecutive utterances into one line, and names a speaker Siro did not map by its tag", async () => {
		const recordingId = DEMO.recordings.processedUnlinked;
		const transcripts = fake.data.utterancesByRecording as Record<string, unknown>;
		const saved = transcripts[recordingId];
		const line = (speakerTag: string, utterance: string) => ({
			utterance,
			startTimeInMillis: 0,
			endTimeInMillis: 1,
			speakerTag,
			redacted: false,
		});
		transcripts[recordingId] = {
			utterances: [
				line('0', 'So the roof'),
				line('0', ' needs work. '),
				line('1', 'How much?'),
				line('7', 'Hello?'),
				line('__proto__', 'Who am I?'),
				line('1', '   '),
			],
			isLowDataMode: false,
			speakerMap: { 0: 'Rep Jim', 1: 'Customer Bob' },
		};
		try {
			const { output } = await runRecording('getTranscript', { recordingId });
			expect(output[0].json.text).toBe(
				'Rep Jim: So the roof needs work.\nCustomer Bob: How much?\nSpeaker 7: Hello?\nSpeaker __proto__: Who am I?',
			);
			expect((output[0].json.utterances as IDataObject[]).map((u) => u.speaker)).toEqual([
				'Rep Jim',
				'Rep Jim',
				'Customer Bob',
				'Speaker 7',
				'Speaker __proto__',
				'Customer Bob',
			]);
		} finally {
			transcripts[recordingId] = saved;
		}
	});

	it('mints the user token in the OAuth App mode and reads the transcript with it', async () => {
		const { output, preAuthentications } = await runRecording(
			'getTranscript',
			{ recordingId: DEMO.recordings.processedLinked },
			{
				credentials: oauthAppCredentials(fake),
			},
		);
		expect(preAuthentications).toEqual([{ expired: false, stored: true }]);
		expect((output[0].json.utterances as IDataObject[]).length).toBeGreaterThan(0);
		expect(requestsTo('accessToken')).toHaveLength(1);
		expect(requestsTo('utterances')[0].headers['x-siro-auth-token']).not.toBe(DEMO.userAccessToken);
	});

	it('without user access says which credential field to fill, before any request', async () => {
		for (const [credentials, message] of [
			[
				organizationTokenCredentials(fake, { accessToken: '' }),
				/The Siro credential's Access Token is empty/,
			],
			[
				organizationTokenCredentials(fake, { authMode: 'none' }),
				/The Siro credential's user access is empty/,
			],
		] as const) {
			const error = await nodeErrorFrom(
				runRecording(
					'getTranscript',
					{ recordingId: DEMO.recordings.processedLinked },
					{ credentials: { ...credentials } },
				),
			);
			expect(error.message).toMatch(message);
			expect(error.message).toMatch(/\[item 0\]$/);
		}
		expect(fake.countRequests()).toBe(0);
	});
});
