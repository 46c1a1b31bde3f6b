/**
 * The fake Siro server (dev/fake-siro/server.js) as a per-file fixture: one server on a free port,
 * started before the file's tests, closed after them, and at the start of every test with no fault,
 * an empty request log, every rep's phone back to 'tapsAndRecords' and mobile events nested (the
 * seeded data, and whatever earlier tests added to it, stays).
 */
import { startFakeSiro } from '../../../dev/fake-siro/server';

export type FakeSiro = Awaited<ReturnType<typeof startFakeSiro>>;

/**
 * Registers the beforeAll / afterAll / beforeEach hooks; call it once at the top level of a test file.
 * The returned object stands for the running server (`fake.url`, `fake.requests`, `fake.setFault(…)`, …):
 * use it inside tests and hooks, as it only exists once beforeAll has started the server.
 */
export function useFakeSiro(): FakeSiro {
	let server: FakeSiro | undefined;

	beforeAll(async () => {
		server = await startFakeSiro();
	});
	afterAll(async () => {
		await server?.close();
	});
	beforeEach(() => {
		running().clearFault();
		running().resetLog();
		running().phone.resetBehaviours();
		running().setMobileEventsShape('nested');
	});

	function running(): FakeSiro {
		if (server === undefined)
			throw new Error('The fake Siro is not running yet: use it inside a test or a hook');
		return server;
	}

	return new Proxy({} as FakeSiro, {
		get: (_target, property) => Reflect.get(running(), property),
	});
}
