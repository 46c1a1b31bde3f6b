/**
 * What the client tests share: the library's createSiroClient against the fake Siro fixture over real
 * sockets, and the error a call rejects with.
 */
import { createSiroClient, type SiroClientOptions } from '../../../index';
import { createNodeHttpTransport } from '../../../dev/fake-siro/nodeHttpTransport';
import { DEMO } from '../../../dev/fake-siro/server';
import type { FakeSiro } from './fakeSiroFixture';

/** A client with both of the demo's tokens (user access and organization API), no waits, fixed jitter. */
export function demoClientOf(fake: FakeSiro, overrides: Partial<SiroClientOptions> = {}) {
	return createSiroClient({
		baseUrl: `${fake.url}/api-internalApi`,
		externalApiBaseUrl: fake.externalApiUrl,
		accessToken: DEMO.userAccessToken,
		organizationApiToken: DEMO.organizationApiToken,
		request: createNodeHttpTransport(),
		sleep: async () => undefined,
		random: () => 0.5,
		...overrides,
	});
}

/** What `promise` rejects with; the test fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
	return await promise.then(
		() => {
			throw new Error('expected a rejection');
		},
		(error: unknown) => error,
	);
}
