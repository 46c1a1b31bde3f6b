'use strict';
/**
 * HTTP control routes under /__fake/, for drivers outside the test's process (an HTTP Request node in
 * the n8n editor, a shell). Each calls the same method of the fake's JS handle; a bad request answers
 * 400 {error}, an unknown user or recording 404 {error}. They need no token and are not logged, so
 * they never change what countRequests() reports. `/__fake/redirect-target` is different: it stands
 * for the host a redirect points at, and every request to it is logged as route 'redirectTarget'.
 */

const bodyObject = (body) => (body && typeof body === 'object' && !Array.isArray(body) ? body : {});

const CONTROL_ROUTES = [
	{
		method: 'POST',
		path: '/__fake/faults',
		handle: ({ fake, body }) => ({ fault: fake.setFault(bodyObject(body)) }),
	},
	{
		method: 'DELETE',
		path: '/__fake/faults',
		handle: ({ fake }) => {
			fake.clearFault();
			return { cleared: true };
		},
	},
	{
		method: 'POST',
		path: '/__fake/phone/tap',
		handle: ({ fake, body }) => fake.phone.tap(bodyObject(body)),
	},
	{
		method: 'POST',
		path: '/__fake/phone/behaviour',
		handle: ({ fake, body }) =>
			fake.phone.setBehaviour(bodyObject(body).userId, bodyObject(body).behaviour),
	},
	{
		method: 'POST',
		path: '/__fake/phone/button',
		handle: ({ fake, body }) => fake.phone.pressRecordButton(bodyObject(body)),
	},
	{
		method: 'POST',
		path: '/__fake/webhooks/send',
		handle: ({ fake, body }) => fake.webhooks.send(bodyObject(body)),
	},
	{
		method: 'POST',
		path: '/__fake/recordings/process',
		handle: ({ fake, body }) => {
			const { recordingId, linked, integrationConnectionId } = bodyObject(body);
			return fake.recordings.process(recordingId, { linked, integrationConnectionId });
		},
	},
	{
		method: 'POST',
		path: '/__fake/recordings/delete',
		handle: ({ fake, body }) => fake.recordings.delete(bodyObject(body).recordingId),
	},
	{
		method: 'POST',
		path: '/__fake/mobile-events/shape',
		handle: ({ fake, body }) => ({ shape: fake.setMobileEventsShape(bodyObject(body).shape) }),
	},
	{
		method: 'GET',
		path: '/__fake/requests',
		handle: ({ fake, query }) => {
			const requests =
				typeof query.route === 'string'
					? fake.requests.filter((entry) => entry.route === query.route)
					: fake.requests;
			return { count: requests.length, requests };
		},
	},
	{
		method: 'DELETE',
		path: '/__fake/requests',
		handle: ({ fake }) => {
			fake.resetLog();
			return { cleared: true };
		},
	},
].map((route) => ({ ...route, name: 'control', prefixes: [''] }));

/** The host a redirect fault points at; answers like an empty listing, so a followed redirect "works". */
const REDIRECT_TARGET_ROUTE = {
	name: 'redirectTarget',
	method: '*',
	path: '/__fake/redirect-target',
	prefixes: [''],
	handle: () => ({ data: [], cursor: null }),
};

module.exports = { CONTROL_ROUTES, REDIRECT_TARGET_ROUTE };
