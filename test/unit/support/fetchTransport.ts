/** docs/library.md's fetch transport for createSiroClient: every status is an answer, redirects are not followed. */
import type { SiroRequestFunction } from '../../../index';

export const fetchTransport: SiroRequestFunction = async ({
	method,
	url,
	headers,
	body,
	signal,
}) => {
	const response = await fetch(url, {
		method,
		headers,
		signal,
		redirect: 'manual',
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return {
		status: response.status,
		headers: Object.fromEntries(response.headers),
		body: await response.text(),
	};
};
