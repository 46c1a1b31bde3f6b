'use strict';
/**
 * A scripted OpenAI-compatible chat model for tests and `npm start`: a real HTTP server on 127.0.0.1
 * that answers `POST /v1/chat/completions` (non-streaming, what n8n's OpenAI Chat Model 1.3 sends with
 * "Use Responses API" off) with the tool calls and final message a script chooses, and records every
 * request, so a test can read what reached the "model" (the tools offered, each tool's answer).
 * Plain CommonJS, Node built-ins only, no network beyond loopback.
 *
 *   const { startScriptedModel, toolCall, finalAnswer, toolAnswers } = require('./server');
 *   const llm = await startScriptedModel({
 *     script: [
 *       toolCall('Build_Record_Link', { action: 'start', title: 'Jones visit' }),
 *       (request) => finalAnswer(`Here it is: ${toolAnswers(request).at(-1).content}`),
 *     ],
 *   });
 *   // n8n's openAiApi credential: { apiKey: 'any', url: llm.baseUrl }  (llm.baseUrl ends in /v1)
 *   llm.requests;   // every request body, in order
 *   await llm.close();
 *
 * A script is a list of replies used in turn, or one function called for every request; a reply is
 * an object or a function of the request that returns one. GET /v1/models lists the one model, for
 * the model picker in n8n's editor. `node dev/fake-llm/server.js --port 3998` runs the demo script.
 */
const http = require('node:http');
const { parseArgs } = require('node:util');

const MODEL = 'scripted-model';
/** A chat request carries the whole conversation; this bounds what one request may make us hold. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Requests kept for tests to read; a demo left running for days keeps only the latest. */
const MAX_RECORDED = 500;

/** A reply that calls one tool with these arguments (an object; n8n gets it as JSON text). */
function toolCall(name, args) {
	return { toolCalls: [{ name, arguments: args }] };
}

/** A reply that ends the agent's run with this text. */
function finalAnswer(content) {
	return { content };
}

/**
 * The tool results in a request, oldest first: what each tool answered, as n8n handed it to the
 * model (a `role: "tool"` message), with the call it answers.
 * @returns {{toolCallId: string, name: string|undefined, arguments: object|undefined, content: string}[]}
 */
function toolAnswers(request) {
	const calls = new Map();
	for (const message of request.messages ?? []) {
		for (const call of message.tool_calls ?? []) calls.set(call.id, call.function);
	}
	return (request.messages ?? [])
		.filter((message) => message.role === 'tool')
		.map((message) => {
			const call = calls.get(message.tool_call_id);
			let args;
			try {
				args = call ? JSON.parse(call.arguments) : undefined;
			} catch {
				args = undefined;
			}
			return {
				toolCallId: message.tool_call_id,
				name: call?.name,
				arguments: args,
				content:
					typeof message.content === 'string' ? message.content : JSON.stringify(message.content),
			};
		});
}

/** The names of the tools the request offers the model. */
function offeredTools(request) {
	return (request.tools ?? []).map((tool) => tool.function?.name).filter(Boolean);
}

/** The last text the user wrote in the request. */
function userText(request) {
	const user = (request.messages ?? []).filter((message) => message.role === 'user').at(-1);
	if (!user) return '';
	return typeof user.content === 'string'
		? user.content
		: (user.content ?? []).map((part) => part.text ?? '').join('');
}

function completion(reply, callNumber) {
	const toolCalls = (reply.toolCalls ?? []).map((call, index) => ({
		id: `call_${callNumber}_${index}`,
		type: 'function',
		function: { name: call.name, arguments: JSON.stringify(call.arguments ?? {}) },
	}));
	const message =
		toolCalls.length > 0
			? { role: 'assistant', content: null, tool_calls: toolCalls }
			: { role: 'assistant', content: String(reply.content ?? '') };
	return {
		id: `chatcmpl-scripted-${callNumber}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: MODEL,
		choices: [
			{
				index: 0,
				message,
				finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
				logprobs: null,
			},
		],
		usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
	};
}

function sendJson(response, status, body) {
	const text = JSON.stringify(body);
	response.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(text),
	});
	response.end(text);
}

/** An error as OpenAI's API shapes it, so that n8n shows its message. */
function sendError(response, status, message) {
	sendJson(response, status, { error: { message, type: 'invalid_request_error' } });
}

function readBody(request) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		request.on('data', (chunk) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(Object.assign(new Error('request body too large'), { status: 413 }));
				request.destroy();
				return;
			}
			chunks.push(chunk);
		});
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

/**
 * Starts the scripted model.
 * @param {object} options
 * @param {Array<object|Function>|Function} options.script replies in turn, or a function of each request
 * @param {number} [options.port] 0 (default) for any free port
 * @returns {Promise<{url: string, baseUrl: string, port: number, requests: object[],
 *   setScript: (script: Array<object|Function>|Function) => void, close: () => Promise<void>}>}
 */
async function startScriptedModel({ script, port = 0 } = {}) {
	let replies = script;
	let turn = 0;
	const requests = [];

	function nextReply(body) {
		if (typeof replies === 'function') return replies(body);
		if (turn >= replies.length) {
			throw new Error(
				`the script has ${replies.length} replies and this is request ${turn + 1}: the agent asked the model more often than scripted`,
			);
		}
		const reply = replies[turn++];
		return typeof reply === 'function' ? reply(body) : reply;
	}

	async function handle(request, response) {
		const { pathname } = new URL(request.url, 'http://127.0.0.1');
		if (request.method === 'GET' && pathname === '/v1/models') {
			sendJson(response, 200, {
				object: 'list',
				data: [{ id: MODEL, object: 'model', created: 0, owned_by: 'n8n-nodes-siro' }],
			});
			return;
		}
		if (request.method !== 'POST' || pathname !== '/v1/chat/completions') {
			sendError(response, 404, `${request.method} ${pathname}: only POST /v1/chat/completions`);
			return;
		}
		const body = JSON.parse(await readBody(request));
		requests.push(body);
		if (requests.length > MAX_RECORDED) requests.shift();
		if (body.stream) {
			sendError(response, 400, 'the scripted model answers without streaming only');
			return;
		}
		sendJson(response, 200, completion(nextReply(body), requests.length));
	}

	const server = http.createServer((request, response) => {
		handle(request, response).catch((error) => {
			if (!response.headersSent) sendError(response, error.status ?? 500, error.message);
			else response.destroy();
		});
	});
	// A stuck client must not keep a test or the demo from ending.
	server.requestTimeout = 30 * 1000;
	server.headersTimeout = 10 * 1000;
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});
	const actualPort = server.address().port;
	const url = `http://127.0.0.1:${actualPort}`;
	return {
		url,
		baseUrl: `${url}/v1`,
		port: actualPort,
		requests,
		setScript(next) {
			replies = next;
			turn = 0;
		},
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

module.exports = {
	startScriptedModel,
	toolCall,
	finalAnswer,
	toolAnswers,
	offeredTools,
	userText,
	MODEL,
};

if (require.main === module) {
	const { values } = parseArgs({ options: { port: { type: 'string', default: '3998' } } });
	const { demoScript } = require('./demoScript');
	startScriptedModel({ script: demoScript, port: Number(values.port) }).then((llm) => {
		console.log(`Scripted OpenAI-compatible model on ${llm.baseUrl} (Ctrl-C stops it)`);
	});
}
