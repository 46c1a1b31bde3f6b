'use strict';
/**
 * A workflow's executions as n8n's REST API lists them (`api`: a client from N8nInstance.login()),
 * for tests that count what a trigger started.
 */

/** The workflow's executions, oldest first. */
async function listExecutions(api, workflow) {
	const { data } = await api.get('/rest/executions', {
		params: { filter: JSON.stringify({ workflowId: workflow.id }), limit: 100 },
	});
	return data.data.results.sort((a, b) => Number(a.id) - Number(b.id));
}

/**
 * Waits until the workflow has `count` finished executions (or more), or `timeoutMs` has passed;
 * returns every execution listed then (`all`) and the finished ones, oldest first.
 */
async function waitForFinishedExecutions(api, workflow, count, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const all = await listExecutions(api, workflow);
		const finished = all.filter((execution) => !['new', 'running'].includes(execution.status));
		if (finished.length >= count || Date.now() > deadline) return { all, finished };
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** The items a node emitted in an execution (its first output; run 0), read with n8n's own `flatted`. */
async function executionItems(api, flatted, execution, nodeName) {
	const { data } = await api.get(`/rest/executions/${execution.id}`);
	const runData = flatted.parse(data.data.data).resultData.runData;
	return (runData[nodeName]?.[0]?.data?.main?.[0] ?? []).map((item) => item.json);
}

/** Activates the workflow as the editor does (with its `versionId`, which both lines ask for). */
async function activateWorkflow(api, workflow) {
	const { data } = await api.get(`/rest/workflows/${workflow.id}`);
	await api.post(`/rest/workflows/${workflow.id}/activate`, { versionId: data.data.versionId });
}

async function deactivateWorkflow(api, workflow) {
	await api.post(`/rest/workflows/${workflow.id}/deactivate`, {});
}

/** The static data n8n saved for the workflow's node `nodeName`, if any. */
async function savedStaticData(api, workflow, nodeName) {
	const { data } = await api.get(`/rest/workflows/${workflow.id}`);
	return data.data.staticData?.[`node:${nodeName}`];
}

/**
 * Activates a polling workflow and waits until its activation poll has asked the fake Siro (`route`
 * requested again) and n8n has saved the trigger's state (`stateKey` in `nodeName`'s static data):
 * 1.123 activates within the request, 2.x a few seconds after answering.
 */
async function activateAndPoll(api, fake, workflow, { route, nodeName, stateKey, timeoutMs }) {
	const requestsBefore = fake.countRequests(route);
	await activateWorkflow(api, workflow);
	const deadline = Date.now() + timeoutMs;
	while (
		fake.countRequests(route) === requestsBefore ||
		!(await savedStaticData(api, workflow, nodeName))?.[stateKey]
	) {
		if (Date.now() > deadline) throw new Error(`${workflow.name}: no activation poll`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

module.exports = {
	listExecutions,
	waitForFinishedExecutions,
	executionItems,
	activateWorkflow,
	activateAndPoll,
	deactivateWorkflow,
};
