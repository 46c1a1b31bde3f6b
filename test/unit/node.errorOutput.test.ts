/**
 * On Error (issue 16, item 7): under "Continue (using error output)" a failed item must reach n8n's
 * error output, and under "Continue (regular output)" it stays on the main output, readable (`error`,
 * `fix`, `field`). What n8n does with the node's items is modelled from its sources for both lines in
 * support/n8nErrorOutput.ts; the real engines are run in test/e2e/errorOutput.e2e.test.js.
 */
import {
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type OnError,
} from 'n8n-workflow';

import { DEMO } from '../../dev/fake-siro/server';
import { SiroApiError } from '../../nodes/Siro/client';
import { buildRecordLink, RecordLinkError } from '../../nodes/Siro/core';
import { ItemInputError } from '../../nodes/Siro/shared/nodeErrors';
import { perItem } from '../../nodes/Siro/shared/perItem';
import { Siro } from '../../nodes/Siro/Siro.node';
import { SiroTrigger } from '../../nodes/SiroTrigger/SiroTrigger.node';
import { createExecuteContext, testNode } from './support/executeContext';
import { useFakeSiro } from './support/fakeSiroFixture';
import { N8N_LINES, routeAsN8n } from './support/n8nErrorOutput';
import { createTriggerExecuteContext } from './support/pollContext';
import { runSiroNode } from './support/runSiroNode';
import { organizationTokenCredentials } from './support/siroCredentials';

const fake = useFakeSiro();

const ERROR_OUTPUT: OnError = 'continueErrorOutput';
const REGULAR_OUTPUT: OnError = 'continueRegularOutput';

/** Every Resource → Operation the Siro node offers, read from its description. */
function allOperations(): Array<[string, string]> {
	const { properties } = new Siro().description;
	return properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) =>
			(property.options as Array<{ value: string }>).map(({ value }): [string, string] => [
				(property.displayOptions!.show!.resource as string[])[0],
				value,
			]),
		);
}

/** Asserts the item is one n8n routes to the error output on both lines without rewriting it. */
function expectErrorOutputShape(item: INodeExecutionData, itemIndex: number) {
	expect(item.error).toBeUndefined();
	expect(item.pairedItem).toEqual({ item: itemIndex });
	expect(typeof item.json.error).toBe('string');
	expect(item.json.error).not.toBe('');
	const keys = Object.keys(item.json).sort();
	if (keys.length === 2) {
		expect(keys).toEqual(['error', 'message']);
		expect(typeof item.json.message).toBe('string');
		expect(item.json.message).not.toBe('');
	} else {
		expect(keys).toEqual(['error']);
	}
}

describe('On Error: every operation', () => {
	// With no credential selected every Siro call fails per item; Parse and Build fail on empty fields.
	const inputs: IDataObject[] = [{ rep: 'first' }, { rep: 'second' }];
	const runFailing = (resource: string, operation: string, onError: OnError) =>
		runSiroNode({
			credentials: undefined,
			items: inputs,
			node: { onError },
			parameters: { resource, operation },
		});

	it.each(allOperations())(
		'%s → %s: under "Continue (using error output)" each failed item goes to the error output on both n8n lines',
		async (resource, operation) => {
			const { output } = await runFailing(resource, operation, ERROR_OUTPUT);
			expect(output).toHaveLength(2);
			output.forEach((item, itemIndex) => expectErrorOutputShape(item, itemIndex));
			for (const line of N8N_LINES) {
				const routed = routeAsN8n(output, { onError: ERROR_OUTPUT, line, inputs });
				expect(routed.main).toEqual([]);
				expect(routed.error.map(({ json }) => json.rep)).toEqual(['first', 'second']);
				expect(routed.error.map(({ json }) => json.error)).toEqual(
					output.map(({ json }) => json.error),
				);
			}
		},
	);

	it.each(allOperations())(
		'%s → %s: under "Continue (regular output)" each failed item stays on the main output with a readable error',
		async (resource, operation) => {
			const { output } = await runFailing(resource, operation, REGULAR_OUTPUT);
			for (const line of N8N_LINES) {
				const routed = routeAsN8n(output, { onError: REGULAR_OUTPUT, line, inputs });
				expect(routed.error).toEqual([]);
				expect(routed.main).toHaveLength(2);
				for (const [itemIndex, item] of routed.main.entries()) {
					expect(item.pairedItem).toEqual({ item: itemIndex });
					expect(typeof item.json.error).toBe('string');
					expect(item.json.message).toBeUndefined();
				}
			}
		},
	);
});

describe('On Error: the failed item for each kind of error (perItem, shared by all operations)', () => {
	const failures: Array<[string, unknown, IDataObject]> = [
		[
			'an input the operation cannot use',
			new ItemInputError(
				'email',
				'No Siro user has the e-mail "x@y.z".',
				'Pick the user From List.',
			),
			{
				error: 'No Siro user has the e-mail "x@y.z".',
				fix: 'Pick the user From List.',
				field: 'email',
			},
		],
		[
			'a bad link parameter',
			new RecordLinkError('title', 'title is too long.', 'Shorten the title.'),
			{ error: 'title is too long.', fix: 'Shorten the title.', field: 'title' },
		],
		[
			"Siro's API failing",
			new SiroApiError({
				kind: 'notFound',
				message: 'Siro answered 404 Not Found while getting the recording.',
				description: 'Check the recording ID.',
				httpCode: 404,
			}),
			{
				error: 'Siro answered 404 Not Found while getting the recording.',
				fix: 'Check the recording ID.',
				httpCode: 404,
			},
		],
		['an unexpected error', new TypeError('x is not a function'), { error: 'x is not a function' }],
		[
			'an error without a message',
			new Error(''),
			{ error: 'The operation failed without saying why.' },
		],
		[
			'an n8n error without a message',
			new NodeOperationError(testNode, ''),
			{ error: 'The operation failed without saying why.' },
		],
	];

	async function runOne(thrown: unknown, onError: OnError) {
		const { context } = createExecuteContext({
			items: [{ email: 'x@y.z' }, { email: 'ok@y.z' }],
			parameters: {},
			node: { onError },
		});
		return await perItem(context, context.getInputData(), async (itemIndex) => {
			if (itemIndex === 0) throw thrown;
			return [{ ok: true }];
		});
	}

	it.each(failures)(
		'%s: the readable error, fix and field on the main output under "Continue (regular output)"',
		async (_kind, thrown, readable) => {
			const output = await runOne(thrown, REGULAR_OUTPUT);
			expect(output).toEqual([
				{ json: readable, pairedItem: { item: 0 } },
				{ json: { ok: true }, pairedItem: { item: 1 } },
			]);
		},
	);

	it.each(failures)(
		'%s: the error and how to fix it on the error output under "Continue (using error output)", both lines',
		async (_kind, thrown, readable) => {
			const output = await runOne(thrown, ERROR_OUTPUT);
			expectErrorOutputShape(output[0], 0);
			for (const line of N8N_LINES) {
				const routed = routeAsN8n(output, {
					onError: ERROR_OUTPUT,
					line,
					inputs: [{ email: 'x@y.z' }, { email: 'ok@y.z' }],
				});
				expect(routed.main).toEqual([{ json: { ok: true }, pairedItem: { item: 1 } }]);
				expect(routed.error).toEqual([
					{
						json: {
							email: 'x@y.z',
							error: readable.error,
							...(readable.fix === undefined ? {} : { message: readable.fix }),
						},
						pairedItem: { item: 0 },
					},
				]);
			}
		},
	);

	it('still stops the run with the NodeOperationError naming the item when On Error is "Stop Workflow"', async () => {
		const { context } = createExecuteContext({
			items: [{}],
			parameters: {},
			node: { onError: 'stopWorkflow' },
		});
		const stopped = await perItem(context, context.getInputData(), async () => {
			throw new ItemInputError('email', 'Email is empty.', 'Set Email.');
		}).catch((error: unknown) => error);
		expect(stopped).toBeInstanceOf(NodeOperationError);
		expect((stopped as NodeOperationError).message).toBe('Email is empty. [item 0]');
	});
});

describe('On Error: the operations named in the issue, with good and bad items together', () => {
	const { demo, ambiguousEmailA } = DEMO.users;

	async function findUsers(onError: OnError) {
		const emails = ['nobody@example.com', ambiguousEmailA.email, demo.email];
		const inputs = emails.map((email) => ({ email }));
		const { output } = await runSiroNode({
			credentials: organizationTokenCredentials(fake),
			items: inputs,
			node: { onError },
			parameters: (itemIndex) => ({
				resource: 'user',
				operation: 'find',
				findBy: 'email',
				email: emails[itemIndex],
				simplify: true,
				options: {},
			}),
		});
		return { output, inputs };
	}

	it.each(N8N_LINES)(
		'Find User (%s): unknown and ambiguous e-mails go to the error output, the found rep to the main output',
		async (line) => {
			const { output, inputs } = await findUsers(ERROR_OUTPUT);
			const routed = routeAsN8n(output, { onError: ERROR_OUTPUT, line, inputs });
			expect(routed.main.map(({ json }) => json.id)).toEqual([demo.id]);
			expect(routed.main[0].pairedItem).toEqual({ item: 2 });
			expect(routed.error).toEqual([
				{
					json: {
						email: 'nobody@example.com',
						error: 'No Siro user in the organization has the e-mail "nobody@example.com".',
						message: expect.stringMatching(/From List/),
					},
					pairedItem: { item: 0 },
				},
				{
					json: {
						email: ambiguousEmailA.email,
						error: expect.stringMatching(/^2 Siro users have the e-mail/),
						message: expect.stringMatching(/By ID or From List/),
					},
					pairedItem: { item: 1 },
				},
			]);
		},
	);

	it('Find User under "Continue (regular output)": the failed items stay readable on the main output', async () => {
		const { output } = await findUsers(REGULAR_OUTPUT);
		expect(output.map(({ json }) => json.field)).toEqual(['email', 'email', undefined]);
		expect(output[0].json).toEqual({
			error: 'No Siro user in the organization has the e-mail "nobody@example.com".',
			fix: expect.stringMatching(/From List/),
			field: 'email',
		});
		expect(output[1].json.error).toMatch(/^2 Siro users have the e-mail/);
	});

	it.each(N8N_LINES)(
		'Build Record Link, Check Delivery and Recording Get Many (%s): the bad item goes to the error output, the good one on',
		async (line) => {
			const cases: Array<{ parameters: (itemIndex: number) => IDataObject }> = [
				{
					parameters: (itemIndex) => ({
						resource: 'recordLink',
						operation: 'build',
						recordAction: itemIndex === 0 ? 'explode' : 'start',
						title: 'Visit',
						options: {},
					}),
				},
				{
					parameters: (itemIndex) => ({
						resource: 'recordLink',
						operation: 'checkDelivery',
						link: buildRecordLink({ action: 'start', title: 'Errors visit' }).url,
						user: { __rl: true, mode: 'list', value: demo.id },
						sentAt: itemIndex === 0 ? '' : new Date().toISOString(),
					}),
				},
				{
					parameters: (itemIndex) => ({
						resource: 'recording',
						operation: 'getAll',
						returnAll: false,
						limit: 1,
						filters:
							itemIndex === 0
								? { createdAfter: '2026-01-02T00:00:00Z', createdBefore: '2026-01-01T00:00:00Z' }
								: {},
					}),
				},
			];
			for (const { parameters } of cases) {
				const inputs = [{ row: 'bad' }, { row: 'good' }];
				const { output } = await runSiroNode({
					credentials: organizationTokenCredentials(fake),
					items: inputs,
					node: { onError: ERROR_OUTPUT },
					parameters,
				});
				const routed = routeAsN8n(output, { onError: ERROR_OUTPUT, line, inputs });
				expect(routed.error).toHaveLength(1);
				expect(routed.error[0]).toMatchObject({
					json: { row: 'bad', error: expect.any(String), message: expect.any(String) },
					pairedItem: { item: 0 },
				});
				expect(routed.main.length).toBeGreaterThan(0);
				expect(
					routed.main.every(({ pairedItem }) => (pairedItem as { item: number }).item === 1),
				).toBe(true);
			}
		},
	);
});

describe('On Error: Siro Trigger (webhook mode with the recording and summary)', () => {
	const deliveries = [
		{ recordingId: DEMO.recordings.processedLinked, eventType: 'integrations.recordingProcessed' },
		{
			recordingId: DEMO.recordings.otherOrganization,
			eventType: 'integrations.recordingProcessed',
		},
	];
	const run = async (onError: OnError) => {
		const trigger = new SiroTrigger();
		const { context } = createTriggerExecuteContext({
			properties: trigger.description.properties,
			parameters: { include: 'eventRecordingAndSummary' },
			credentials: organizationTokenCredentials(fake),
			mode: 'webhook',
			items: deliveries,
			onError,
		});
		const [output] = await trigger.execute!.call(context);
		return output;
	};

	it.each(N8N_LINES)(
		'%s: a delivery whose recording cannot be read goes to the error output, naming the recording',
		async (line) => {
			const output = await run(ERROR_OUTPUT);
			expectErrorOutputShape(output[1], 1);
			// The trigger starts the execution: n8n has no input item to add to the error item.
			const routed = routeAsN8n(output, { onError: ERROR_OUTPUT, line, inputs: [] });
			expect(routed.main.map(({ json }) => json.recordingId)).toEqual([deliveries[0].recordingId]);
			expect(routed.error).toEqual([
				{
					json: {
						error: expect.stringContaining(DEMO.recordings.otherOrganization),
						message: expect.any(String),
					},
					pairedItem: { item: 1 },
				},
			]);
		},
	);

	it('under "Continue (regular output)" keeps the delivery with the readable error', async () => {
		const output = await run(REGULAR_OUTPUT);
		expect(output[1]).toEqual({
			json: {
				...deliveries[1],
				error: expect.stringMatching(/Siro has no recording/),
				fix: expect.any(String),
				httpCode: 404,
			},
			pairedItem: { item: 1 },
		});
	});
});
