/** The fake Siro server itself: the behaviour other tests and `npm start` rely on. */
import { spawn } from 'child_process';
import * as path from 'path';

import axios from 'axios';

import { DEMO, FAULT_KINDS, startFakeSiro } from '../../dev/fake-siro/server';
import { useFakeSiro } from './support/fakeSiroFixture';

const fake = useFakeSiro();

const getConfigurations = (
	organizationId: string | undefined,
	token: string | null = DEMO.userAccessToken,
) =>
	axios.get(`${fake.url}/api-internalApi/v1/core/conversation-configurations`, {
		params: organizationId === undefined ? {} : { organizationId },
		headers: token === null ? {} : { 'x-siro-auth-token': token },
		validateStatus: () => true,
	});

it('answers 401 without a valid token, 422 without organizationId, 403 for an organization the user is not in', async () => {
	expect((await getConfigurations(DEMO.organizationId, null)).status).toBe(401);
	expect((await getConfigurations(DEMO.organizationId, 'nope')).data).toEqual({
		error: expect.any(String),
	});
	const missing = await getConfigurations(undefined);
	expect(missing.status).toBe(422);
	expect(missing.data).toMatchObject({
		name: 'ZodError',
		issues: [{ path: ['organizationId'], message: 'Required' }],
	});
	expect((await getConfigurations(DEMO.otherOrganizationId)).status).toBe(403);
	expect((await axios.get(`${fake.url}/v2/else`, { validateStatus: () => true })).status).toBe(404);
});

it('applies a fault to the next `times` matching requests only, and only on its route', async () => {
	fake.setFault({ kind: 'serverError', times: 2 });
	const statuses = [];
	for (let index = 0; index < 3; index++)
		statuses.push((await getConfigurations(DEMO.organizationId)).status);
	expect(statuses).toEqual([500, 500, 200]);

	fake.setFault({ kind: 'serverError', route: 'accessToken' });
	expect((await getConfigurations(DEMO.organizationId)).status).toBe(200);
	expect(fake.requests.map((entry) => entry.fault)).toEqual([
		'serverError',
		'serverError',
		undefined,
		undefined,
	]);
});

it('refuses an unknown fault kind', () => {
	expect(() => fake.setFault({ kind: 'teapot' })).toThrow(/Unknown fault kind/);
	expect(FAULT_KINDS).toContain('hang');
});

it('closes promptly even while a response hangs', async () => {
	const hanging = await startFakeSiro();
	hanging.setFault({ kind: 'hang' });
	const pending = axios
		.get(`${hanging.url}/v1/core/conversation-configurations`)
		.catch((error: Error) => error);
	while (hanging.countRequests() === 0) await new Promise((resolve) => setImmediate(resolve));
	const started = Date.now();
	await hanging.close();
	expect(Date.now() - started).toBeLessThan(1000);
	expect(await pending).toBeInstanceOf(Error);
});

it('runs as a CLI that prints its URL and the demo credentials', async () => {
	const child = spawn(
		process.execPath,
		[path.join(__dirname, '../../dev/fake-siro/server.js'), '--port', '0'],
		{
			stdio: ['ignore', 'pipe', 'inherit'],
		},
	);
	try {
		let output = '';
		const printed = await new Promise<{ url: string; demo: typeof DEMO }>((resolve, reject) => {
			child.stdout.on('data', (chunk: Buffer) => {
				output += chunk.toString('utf8');
				if (output.trimEnd().endsWith('}')) resolve(JSON.parse(output));
			});
			child.once('exit', (code) => reject(new Error(`CLI exited early with ${code}`)));
		});
		expect(printed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(printed.demo.userAccessToken).toBe(DEMO.userAccessToken);
		const response = await axios.get(`${printed.url}/v1/core/conversation-configurations`, {
			params: { organizationId: DEMO.organizationId },
			headers: { 'x-siro-auth-token': DEMO.userAccessToken },
		});
		expect(response.data.data.length).toBeGreaterThan(0);
	} finally {
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		await exited;
	}
});
