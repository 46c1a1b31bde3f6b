/**
 * The scripted OpenAI-compatible model (dev/fake-llm) that the AI Agent tests and `npm start` point
 * n8n's OpenAI Chat Model at: it answers chat completions as OpenAI shapes them, in the script's
 * order, records each request, and the demo script recovers from a refused call as the example says.
 */
import {
	finalAnswer,
	startScriptedModel,
	toolAnswers,
	toolCall,
	MODEL,
} from '../../dev/fake-llm/server';
import { demoScript } from '../../dev/fake-llm/demoScript';

type Llm = Awaited<ReturnType<typeof startScriptedModel>>;
/** OpenAI's chat completion answer (or its error), as far as these tests read it. */
interface Completion {
	choices: { message: { tool_calls: { id: string }[] } }[];
	error: { message: string };
}

async function chat(llm: Llm, body: object) {
	const response = await fetch(`${llm.baseUrl}/chat/completions`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: response.status, json: (await response.json()) as Completion };
}

const offered = [{ type: 'function', function: { name: 'Build_Record_Link', parameters: {} } }];
const ask = {
	role: 'user',
	content: 'A start link for the visit: Jones residence – roof inspection',
};

/** The conversation after the model called Build_Record_Link and the tool answered `answer`. */
function afterCall(history: object[], id: string, args: object, answer: object) {
	return [
		...history,
		{
			role: 'assistant',
			content: null,
			tool_calls: [
				{
					id,
					type: 'function',
					function: { name: 'Build_Record_Link', arguments: JSON.stringify(args) },
				},
			],
		},
		{ role: 'tool', tool_call_id: id, content: JSON.stringify([answer]) },
	];
}

describe('scripted model', () => {
	let llm: Llm;
	afterEach(async () => await llm?.close());

	it('answers in the script order as OpenAI does, records each request, and says when the script ran out', async () => {
		llm = await startScriptedModel({
			script: [
				toolCall('Build_Record_Link', { action: 'start', title: 'Jones' }),
				(request: { messages: object[] }) =>
					finalAnswer(`link: ${JSON.parse(toolAnswers(request)[0].content)[0].recordLink}`),
			],
		});
		expect(llm.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

		const first = await chat(llm, { model: MODEL, messages: [ask], tools: offered });
		expect(first.status).toBe(200);
		expect(first.json.choices[0]).toMatchObject({
			finish_reason: 'tool_calls',
			message: {
				role: 'assistant',
				tool_calls: [
					{
						type: 'function',
						function: {
							name: 'Build_Record_Link',
							arguments: '{"action":"start","title":"Jones"}',
						},
					},
				],
			},
		});
		const callId = first.json.choices[0].message.tool_calls[0].id;
		const messages = afterCall(
			[ask],
			callId,
			{ action: 'start', title: 'Jones' },
			{
				recordLink: 'https://app.siro.ai/record?action=start&title=Jones',
			},
		);

		const second = await chat(llm, { model: MODEL, messages });
		expect(second.json.choices[0]).toMatchObject({
			finish_reason: 'stop',
			message: {
				role: 'assistant',
				content: 'link: https://app.siro.ai/record?action=start&title=Jones',
			},
		});
		expect(llm.requests).toHaveLength(2);
		expect(toolAnswers(llm.requests[1])).toEqual([
			{
				toolCallId: callId,
				name: 'Build_Record_Link',
				arguments: { action: 'start', title: 'Jones' },
				content: '[{"recordLink":"https://app.siro.ai/record?action=start&title=Jones"}]',
			},
		]);

		const third = await chat(llm, { model: MODEL, messages });
		expect(third.status).toBe(500);
		expect(third.json.error.message).toMatch(/the script has 2 replies and this is request 3/);
	});

	it('lists its one model and refuses streaming and other routes', async () => {
		llm = await startScriptedModel({ script: [] });
		const models = (await (await fetch(`${llm.baseUrl}/models`)).json()) as {
			data: { id: string }[];
		};
		expect(models.data.map((model) => model.id)).toEqual([MODEL]);
		expect((await chat(llm, { model: MODEL, messages: [ask], stream: true })).status).toBe(400);
		expect((await fetch(`${llm.url}/v1/responses`, { method: 'POST' })).status).toBe(404);
	});

	it("the demo script asks for a stop link with a title, follows the tool's fix, then answers with the link", () => {
		const request = (messages: object[]) => ({ model: MODEL, messages, tools: offered });
		const title = 'Jones residence – roof inspection';
		expect(demoScript(request([ask]))).toEqual(
			toolCall('Build_Record_Link', { action: 'stop', title }),
		);

		const refused = afterCall(
			[ask],
			'call_1',
			{ action: 'stop', title },
			{
				error:
					'title is not valid for a stop link: Siro ignores it there. Remove title, or use action start.',
				field: 'title',
				fix: 'Remove title, or use action start.',
			},
		);
		expect(demoScript(request(refused))).toEqual(
			toolCall('Build_Record_Link', { action: 'start', title }),
		);

		const link = 'https://app.siro.ai/record?action=start&title=Jones%20residence';
		const built = afterCall(refused, 'call_2', { action: 'start', title }, { recordLink: link });
		expect(demoScript(request(built))).toEqual(
			finalAnswer(`Here is the start link for "${title}": ${link}`),
		);
		expect(demoScript({ model: MODEL, messages: [ask] })).toEqual(
			finalAnswer(expect.stringMatching(/^I have no tool named Build_Record_Link/)),
		);
	});
});
