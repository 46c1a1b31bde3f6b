'use strict';
/**
 * The Siro node as an AI Agent's tool in real n8n, 1.123.81 on Node 20 (AI Agent 3) and 2.41.1 on
 * Node 24 (AI Agent 3.1): the packed package installed as a community package, n8n's OpenAI Chat Model
 * 1.3 pointed at a scripted OpenAI-compatible model on 127.0.0.1 (dev/fake-llm), the fake Siro behind
 * the tools. The script chooses the tool calls; the model server records what n8n sends it, so the
 * tests read what reached the model: the tools offered, each tool's answer, and the final answer.
 * Needs `npm run build` first.
 *
 * Found while writing these (both lines): n8n offers a tool under its node's name with every run of
 * characters other than letters, digits, _ and - made one "_" ("Build Record Link" → Build_Record_Link);
 * with the description set manually it offers that text, and the `$fromAI()` keys with their hints as
 * the tool's parameters. The tool node gets the agent's input item merged with the model's arguments
 * and the call's id (toolCallId), and the model gets the tool's items back as a JSON list.
 */
const { ensureN8n } = require('../../dev/n8n/install');
const { N8nInstance, killN8nOnExit, outputOf } = require('../../dev/n8n/instance');
const { startFakeSiro, DEMO } = require('../../dev/fake-siro/server');
const {
	startScriptedModel,
	toolCall,
	finalAnswer,
	toolAnswers,
} = require('../../dev/fake-llm/server');
const { demoScript } = require('../../dev/fake-llm/demoScript');
const { buildRecordLink } = require('../../dist');
const wf = require('./support/workflows');
const { usePackedPackage, expectSuccess } = require('./support/packedPackage');

jest.setTimeout(15 * 60 * 1000);
killN8nOnExit();

const AGENT_EXAMPLE = 'ai-agent-record-link.json';
/** The newest AI Agent each line has (n8n keeps older versions loadable). */
const AGENT_VERSION = { 1: 3, 2: 3.1 };
const MODEL_CREDENTIAL = { id: 'siroDemoScriptedModel', name: 'Scripted model (demo)' };
const REP = DEMO.users.demo;
const TITLE = 'Jones residence – roof inspection';
const START_LINK = buildRecordLink({ action: 'start', title: TITLE }).url;
const CHECK_DELIVERY_DESCRIPTION =
	"Says whether a record link reached the rep's phone, was opened and started a recording. Answers with delivery.status: notReceived, received, opened or recording.";

const packed = usePackedPackage();

/** The credential of the chat model: n8n's OpenAI credential with the scripted model's base URL. */
function modelCredential(llm) {
	return {
		...MODEL_CREDENTIAL,
		type: 'openAiApi',
		data: { apiKey: 'scripted-model-needs-no-key', url: llm.baseUrl },
	};
}

/**
 * The agent example with a third Siro tool (Check Delivery) and the line's newest AI Agent: the
 * tools the issue names, run by the agent n8n users get today.
 */
function threeToolWorkflow(line) {
	const workflow = JSON.parse(JSON.stringify(wf.readExample(AGENT_EXAMPLE)));
	workflow.id = wf.workflowId('AgentTools', line);
	workflow.name = `Agent with three Siro tools (e2e line ${line})`;
	workflow.nodes.find((node) => node.name === 'AI Agent').typeVersion = AGENT_VERSION[line];
	workflow.nodes.push({
		id: 'e2e00000-0000-4000-8000-000000000001',
		name: 'Check Delivery',
		type: 'n8n-nodes-siro.siroTool',
		typeVersion: 1.1,
		position: [480, 360],
		parameters: {
			descriptionType: 'manual',
			toolDescription: CHECK_DELIVERY_DESCRIPTION,
			resource: 'recordLink',
			operation: 'checkDelivery',
			link: "={{ $fromAI('link', 'The record link exactly as Build Record Link returned it', 'string') }}",
			user: {
				__rl: true,
				mode: 'id',
				value: "={{ $fromAI('userId', 'The id of the rep, as Find User returned it', 'string') }}",
			},
		},
		credentials: { siroApi: { id: wf.CREDENTIAL_ID, name: 'Siro (demo)' } },
	});
	workflow.connections['Check Delivery'] = {
		ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]],
	};
	return workflow;
}

/** The example exactly as `npm start` imports it, with an id of its own. */
function exampleWorkflow(line) {
	return {
		...wf.readExample(AGENT_EXAMPLE),
		id: wf.workflowId('AgentExample', line),
		active: false,
	};
}

/** The first item of a tool answer: n8n hands the model the tool's items as a JSON list. */
function firstItemOf(answer) {
	const items = JSON.parse(answer.content);
	expect(Array.isArray(items)).toBe(true);
	return items[0];
}

/** The agent's final answer (its `output`). */
function agentOutput(result) {
	const [item] = outputOf(result, 'AI Agent');
	return item.output;
}

describe.each(['1', '2'])('AI Agent with the Siro tool in real n8n line %s', (line) => {
	let n8n;
	let fake;
	let llm;
	const workflows = { tools: threeToolWorkflow(line), example: exampleWorkflow(line) };

	beforeAll(async () => {
		await ensureN8n(line);
		fake = await startFakeSiro();
		llm = await startScriptedModel({ script: [] });
		n8n = new N8nInstance({ line });
		await n8n.installCommunityPackage(packed.tarball);
		await n8n.importCredentials([
			wf.siroCredential(fake.url, {
				organizationApiToken: DEMO.organizationApiToken,
				oauthBaseUrl: `${fake.url}/api-externalApi`,
			}),
			modelCredential(llm),
		]);
		for (const workflow of Object.values(workflows)) await n8n.importWorkflow(workflow);
	});

	afterAll(async () => {
		await n8n?.cleanup();
		await llm?.close();
		await fake?.close();
	});

	beforeEach(() => {
		llm.requests.length = 0;
	});

	test('the agent finds the rep, gets a refused call back as a fix, builds the start link and checks it, and answers with the exact link', async () => {
		llm.setScript([
			toolCall('Find_User', { email: REP.email.toUpperCase() }),
			// A title on a stop link: the tool answers what is wrong and how to fix it; the run goes on.
			toolCall('Build_Record_Link', { action: 'stop', title: TITLE }),
			toolCall('Build_Record_Link', { action: 'start', title: TITLE }),
			(request) => {
				const [, , built] = toolAnswers(request);
				const user = firstItemOf(toolAnswers(request)[0]);
				return toolCall('Check_Delivery', { link: firstItemOf(built).recordLink, userId: user.id });
			},
			// The final answer quotes what the tools answered, as a model would.
			(request) => {
				const [, , built, delivery] = toolAnswers(request);
				return finalAnswer(
					`Avery's link: ${firstItemOf(built).recordLink} (status ${firstItemOf(delivery).delivery.status})`,
				);
			},
		]);

		const run = await n8n.execute(workflows.tools.id);
		expectSuccess(run);
		expect(llm.requests).toHaveLength(5);

		// What the model is offered: the three tools, named after their nodes, with their
		// descriptions and the $fromAI() keys as parameters.
		const offered = Object.fromEntries(
			llm.requests[0].tools.map(({ function: tool }) => [tool.name, tool]),
		);
		expect(Object.keys(offered).sort()).toEqual([
			'Build_Record_Link',
			'Check_Delivery',
			'Find_User',
		]);
		expect(offered.Build_Record_Link.description).toMatch(/^Makes a Siro record link/);
		expect(Object.keys(offered.Build_Record_Link.parameters.properties).sort()).toEqual([
			'action',
			'title',
		]);
		// n8n makes every $fromAI() key required: the hint says what to send for a stop link.
		expect(offered.Build_Record_Link.parameters.required.sort()).toEqual(['action', 'title']);
		expect(offered.Build_Record_Link.parameters.properties.action.description).toMatch(
			/^start \(begin a new recording\), stop/,
		);
		expect(Object.keys(offered.Find_User.parameters.properties)).toEqual(['email']);
		expect(Object.keys(offered.Check_Delivery.parameters.properties).sort()).toEqual([
			'link',
			'userId',
		]);

		const answers = toolAnswers(llm.requests[4]);
		expect(answers.map((answer) => answer.name)).toEqual([
			'Find_User',
			'Build_Record_Link',
			'Build_Record_Link',
			'Check_Delivery',
		]);
		// Find User: the rep, found by an e-mail in another case.
		expect(firstItemOf(answers[0])).toMatchObject({ id: REP.id, email: REP.email });
		// The refused call reached the model as a text it can act on, without an item index …
		expect(firstItemOf(answers[1])).toEqual({
			error:
				'title is not valid for a stop link: Siro ignores it there. Remove title, or use action start.',
			field: 'title',
			fix: 'Remove title, or use action start.',
		});
		expect(answers[1].content).not.toMatch(/\[item/);
		// … and the corrected call got the exact link, with only the link and its parts.
		expect(firstItemOf(answers[2])).toEqual({
			recordLink: START_LINK,
			recordLinkWarnings: [],
			action: 'start',
			title: TITLE,
		});
		// Check Delivery keeps its input (the model's arguments) and adds what the rep's phone did.
		expect(firstItemOf(answers[3])).toMatchObject({
			link: START_LINK,
			userId: REP.id,
			delivery: { status: 'notReceived' },
		});

		// The final answer carries the exact link the tool built (the model only had it from the tool).
		expect(agentOutput(run.result)).toBe(`Avery's link: ${START_LINK} (status notReceived)`);
		// The fake Siro was asked: the user list (Find User) and the rep's mobile events (Check Delivery).
		expect(fake.countRequests('users')).toBeGreaterThanOrEqual(1);
		expect(fake.countRequests('mobileEvents')).toBe(1);
	});

	test('a tool set to Stop Workflow still ends the run on a refused call, as n8n does for its own tools', async () => {
		const stopping = JSON.parse(JSON.stringify(workflows.tools));
		stopping.id = wf.workflowId('AgentStop', line);
		stopping.nodes.find((node) => node.name === 'Build Record Link').onError = 'stopWorkflow';
		await n8n.importWorkflow(stopping);
		llm.setScript([
			toolCall('Build_Record_Link', { action: 'stop', title: TITLE }),
			finalAnswer('not reached'),
		]);

		const run = await n8n.execute(stopping.id);
		expect(run.result.status).toBe('error');
		expect(run.result.data.resultData.error.message).toMatch(/title is not valid for a stop link/);
		expect(llm.requests).toHaveLength(1);
	});

	test("npm start's agent example runs as shipped: the scripted model recovers from its stop-link mistake and answers with the start link", async () => {
		llm.setScript(demoScript);

		const run = await n8n.execute(workflows.example.id);
		expectSuccess(run);
		expect(llm.requests).toHaveLength(3);
		const [refused, built] = toolAnswers(llm.requests[2]);
		expect(firstItemOf(refused).fix).toBe('Remove title, or use action start.');
		expect(firstItemOf(built).recordLink).toBe(START_LINK);
		expect(agentOutput(run.result)).toBe(`Here is the start link for "${TITLE}": ${START_LINK}`);
	});
});
