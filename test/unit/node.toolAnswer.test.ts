import type { INode } from 'n8n-workflow';

import { Siro } from '../../nodes/Siro/Siro.node';
import { createExecuteContext } from './support/executeContext';
import { useFakeSiro } from './support/fakeSiroFixture';
import { runSiroNode } from './support/runSiroNode';
import { organizationTokenCredentials } from './support/siroCredentials';

const fake = useFakeSiro();

/**
 * The Siro node run as an AI tool (n8n's `n8n-nodes-siro.siroTool`, what an AI Agent or an MCP Server
 * Trigger runs): a call the model got wrong becomes the tool's answer, a text saying what is wrong and
 * how to fix it, instead of an error that ends the run (n8n 1.x) or reaches the model as a bare
 * message with "[item 0]" (n8n 2.x). The end-to-end proof in real n8n is test/e2e/agent.e2e.test.js.
 */
const AS_TOOL: Partial<INode> = { type: 'n8n-nodes-siro.siroTool', typeVersion: 1.1 };

/** What a model's call to Build Record Link resolves to: `$fromAI('action')`, `$fromAI('title')`. */
const buildFromModel = (recordAction: string, title: string) => ({
	resource: 'recordLink',
	operation: 'build',
	recordAction,
	title,
	crmObjectsInput: 'fields',
	options: {},
});

/** The model's arguments arrive as the input item (n8n adds the call's id). */
const toolCallItem = { action: 'stop', title: 'Jones visit', toolCallId: 'call_1' };

async function run(node: Partial<INode>, continueOnFail = false) {
	const { context } = createExecuteContext({
		items: [toolCallItem],
		parameters: buildFromModel('stop', 'Jones visit'),
		node,
		continueOnFail,
	});
	return await new Siro().execute.call(context);
}

describe('Siro node as an AI tool: a wrong call is answered, not thrown', () => {
	it('answers a title on a stop link with what is wrong and how to fix it, without an item index', async () => {
		const [[answer]] = await run(AS_TOOL);

		expect(answer.pairedItem).toEqual({ item: 0 });
		expect(answer.json).toEqual({
			error:
				'title is not valid for a stop link: Siro ignores it there. Remove title, or use action start.',
			field: 'title',
			fix: 'Remove title, or use action start.',
		});
		expect(JSON.stringify(answer.json)).not.toMatch(/\[item/);
	});

	it.each(['continueRegularOutput', 'continueErrorOutput'] as const)(
		'answers the same with On Error %s',
		async (onError) => {
			const [[answer]] = await run({ ...AS_TOOL, onError }, true);
			expect(answer.json.field).toBe('title');
			expect(answer.json.error).toMatch(/^title is not valid .* Remove title/);
		},
	);

	it('still stops the run when the tool is set to Stop Workflow, as n8n does for its own tools', async () => {
		await expect(run({ ...AS_TOOL, onError: 'stopWorkflow' })).rejects.toThrow(
			'title is not valid for a stop link: Siro ignores it there. [item 0]',
		);
	});

	it('leaves the node in a workflow (not a tool) as it was: it throws, naming the item', async () => {
		await expect(run({ typeVersion: 1.1 })).rejects.toThrow(/\[item 0\]$/);
	});

	it('builds the link as usual when the call is right', async () => {
		const { context } = createExecuteContext({
			items: [{ action: 'start', title: 'Jones visit', toolCallId: 'call_2' }],
			parameters: buildFromModel('start', 'Jones visit'),
			node: AS_TOOL,
		});
		const [[item]] = await new Siro().execute.call(context);
		expect(item.json.recordLink).toBe(
			'https://app.siro.ai/record?action=start&title=Jones%20visit',
		);
	});

	it("answers Find User's unknown e-mail with the field and the fix", async () => {
		const { output } = await runSiroNode({
			credentials: organizationTokenCredentials(fake),
			items: [{ email: 'nobody@example.com', toolCallId: 'call_3' }],
			parameters: {
				resource: 'user',
				operation: 'find',
				findBy: 'email',
				email: 'nobody@example.com',
				simplify: true,
				options: {},
			},
			node: AS_TOOL,
		});
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({ field: 'email', fix: expect.any(String) });
		expect(output[0].json.error).toContain('nobody@example.com');
		expect(output[0].json.error).toContain(String(output[0].json.fix));
		expect(JSON.stringify(output[0].json)).not.toMatch(/\[item/);
	});

	it('answers a refusal by Siro with its HTTP status and what to do', async () => {
		fake.setFault({ kind: 'forbidden', route: 'users' });
		const { output } = await runSiroNode({
			credentials: organizationTokenCredentials(fake),
			items: [{ email: 'avery.morgan@demohomeservices.com', toolCallId: 'call_4' }],
			parameters: {
				resource: 'user',
				operation: 'find',
				findBy: 'email',
				email: 'avery.morgan@demohomeservices.com',
				simplify: true,
				options: {},
			},
			node: AS_TOOL,
		});
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({ httpCode: 403, fix: expect.any(String) });
		expect(output[0].json.error).toMatch(/403/);
		expect(output[0].json.error).toContain(String(output[0].json.fix));
	});
});
