'use strict';
/**
 * What the scripted model does in `npm start`'s agent example (examples/ai-agent-record-link.json),
 * decided from the conversation alone, so it answers every run the same way:
 *   1. it asks Build Record Link for a STOP link with a title (a mistake a real model makes);
 *   2. it reads the tool's answer, which says what is wrong and how to fix it, and asks again for a
 *      start link with the same title;
 *   3. it answers with the link the tool returned, word for word.
 * The title is the user's text after its first colon ("…: Jones residence – roof inspection").
 */
const { finalAnswer, offeredTools, toolAnswers, toolCall, userText } = require('./server');

const BUILD_TOOL = 'Build_Record_Link';

function parsed(content) {
	try {
		return JSON.parse(content);
	} catch {
		return undefined;
	}
}

/** The first item of a tool answer (n8n hands the model the tool's items as a JSON list). */
function firstItem(answer) {
	const value = parsed(answer.content);
	return Array.isArray(value) ? value[0] : value;
}

function titleFrom(text) {
	const colon = text.indexOf(':');
	const title = (colon === -1 ? text : text.slice(colon + 1)).trim().replace(/[.!?]+$/, '');
	return title || 'Visit';
}

function demoScript(request) {
	if (!offeredTools(request).includes(BUILD_TOOL)) {
		return finalAnswer(
			`I have no tool named ${BUILD_TOOL}: connect a Siro tool node named "Build Record Link" to the agent.`,
		);
	}
	const title = titleFrom(userText(request));
	const answers = toolAnswers(request).filter((answer) => answer.name === BUILD_TOOL);
	if (answers.length === 0) return toolCall(BUILD_TOOL, { action: 'stop', title });

	const last = firstItem(answers.at(-1)) ?? {};
	if (typeof last.recordLink === 'string') {
		return finalAnswer(`Here is the start link for "${title}": ${last.recordLink}`);
	}
	if (answers.length === 1 && last.error) return toolCall(BUILD_TOOL, { action: 'start', title });
	return finalAnswer(`Build Record Link did not give me a link: ${answers.at(-1).content}`);
}

module.exports = { demoScript, BUILD_TOOL };
