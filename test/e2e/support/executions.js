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

module.exports = { listExecutions, waitForFinishedExecutions };
