/**
 * What a failed call means for the user, and how to fix it: one place for the wording of every HTTP
 * status and network failure. Endpoints add their own reading of 403/404 (which organization, which
 * ID) through `ClientErrorExplainer`.
 */
import type { SiroApiErrorKind } from './errors';
import { hostOf } from './baseUrl';
import type { NetworkFailure } from './request';

export type SiroApiName = 'platform' | 'external';

export interface Explanation {
	kind: SiroApiErrorKind;
	message: string;
	description: string;
}

/**
 * An endpoint's own reading of a 4xx answer (other than 429); undefined keeps the general one.
 * `attempts`: how many times the request was sent (a write's conflict on a retry may be its own).
 */
export type ClientErrorExplainer = (
	status: number,
	siroMessage: string | undefined,
	attempts?: number,
) => Partial<Explanation> | undefined;

/** The call being explained. */
export interface CallContext {
	api: SiroApiName;
	/** "listing the users", for "… while listing the users". */
	purpose: string;
	url: string;
	/** The base URL field the call used, for "check the Base URL" advice. */
	baseUrlLabel: string;
	attempts: number;
	explainClientError?: ClientErrorExplainer;
}

const SIRO_MESSAGE_LIMIT = 300;
const MAX_ISSUES_SHOWN = 5;

const tries = (count: number) => `${count} ${count === 1 ? 'try' : 'tries'}`;

function asRecord(value: unknown): Record<string, unknown> {
	return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function formatPath(path: unknown[]): string {
	return path
		.map((segment, index) =>
			typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
		)
		.join('');
}

/** "organizationId: Required; data[3].displayName: Expected string" — zod-style issues, a few of them. */
function summarizeIssues(issues: unknown[]): string {
	const shown = issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => {
		const record = asRecord(issue);
		const path = Array.isArray(record.path) ? formatPath(record.path.slice(0, 10)) : '';
		const message = typeof record.message === 'string' ? record.message.slice(0, 100) : 'invalid';
		return path === '' ? message : `${path}: ${message}`;
	});
	const more =
		issues.length > MAX_ISSUES_SHOWN ? ` (and ${issues.length - MAX_ISSUES_SHOWN} more)` : '';
	return `${shown.join('; ')}${more}`;
}

/** Siro's own explanation in an error body (`{error}`, `{message}` or a ZodError), cut short. */
function siroErrorMessage(body: unknown): string | undefined {
	let value = body;
	if (typeof value === 'string') {
		const text = value.slice(0, 4 * SIRO_MESSAGE_LIMIT).trim();
		if (text === '' || text.startsWith('<')) return undefined;
		try {
			value = JSON.parse(value);
		} catch {
			return text.slice(0, SIRO_MESSAGE_LIMIT);
		}
	}
	const record = asRecord(value);
	if (Array.isArray(record.issues))
		return summarizeIssues(record.issues).slice(0, SIRO_MESSAGE_LIMIT);
	for (const key of ['error', 'message']) {
		if (typeof record[key] === 'string')
			return (record[key] as string).slice(0, SIRO_MESSAGE_LIMIT);
	}
	return undefined;
}

function tokenName(api: SiroApiName): string {
	return api === 'platform' ? 'user access token' : 'organization API token';
}

/** The general reading of a final 4xx answer other than 429. */
function clientError(context: CallContext, status: number, siroSays: string): Explanation {
	const { api, purpose, baseUrlLabel } = context;
	switch (status) {
		case 401:
			return {
				kind: 'unauthorized',
				message: `Siro rejected the ${tokenName(api)} (401 Unauthorized) while ${purpose}: it is wrong${api === 'platform' ? ' or has expired' : ' or was revoked'}.${siroSays}`,
				description:
					api === 'platform'
						? 'Siro user access tokens expire after 16 hours. Paste a fresh token into the Siro credential, or switch it to "OAuth App (Auto-Refresh)" so n8n mints a new one whenever the old one expires.'
						: 'Create a new organization API token in Siro (Person icon → API Tokens) and paste it into the Siro credential.',
			};
		case 403:
			return {
				kind: 'forbidden',
				message: `Siro refused access (403 Forbidden) while ${purpose}.${siroSays}`,
				description: `Check that the ${tokenName(api)} belongs to a user or organization allowed to do this, and the Organization ID.`,
			};
		case 404:
			return {
				kind: 'notFound',
				message: `Siro answered 404 Not Found while ${purpose}.${siroSays}`,
				description: `Check the IDs you gave and the ${baseUrlLabel}.`,
			};
		default:
			return {
				kind: 'badRequest',
				message: `Siro refused the request (${status}) while ${purpose}.${siroSays || ' It gave no reason.'}`,
				description: 'Check the values given to the node against what Siro expects.',
			};
	}
}

/** The explanation of a final HTTP answer that is not a success. */
export function explainAnswer(
	context: CallContext,
	status: number,
	body: unknown,
	location: string | undefined,
	retryAfterTooLongMs?: number,
): Explanation {
	const { purpose, baseUrlLabel, attempts } = context;
	const siroMessage = siroErrorMessage(body);
	const siroSays = siroMessage ? ` Siro said: "${siroMessage}".` : '';
	const waited =
		retryAfterTooLongMs === undefined
			? `after ${tries(attempts)}`
			: `and asked to wait ${Math.ceil(retryAfterTooLongMs / 1000)} s`;
	if (status >= 300 && status < 400) {
		const target = location === undefined ? undefined : hostOf(location, context.url);
		return {
			kind: 'redirect',
			message: `Siro's address answered with a redirect (${status})${target ? ` to ${target}` : ''} while ${purpose}; it was not followed, so no token left for another address.`,
			description: `Check the ${baseUrlLabel}: it must be Siro's API address itself, not one that redirects (a web page, http instead of https, a moved host).`,
		};
	}
	if (status === 429) {
		return {
			kind: 'rateLimited',
			message: `Siro is rate limiting requests (429 Too Many Requests) while ${purpose}, ${waited}.`,
			description:
				'Siro allows 1,000 requests per minute per token. Wait a minute and run the workflow again, or spread its requests out (a Wait node, smaller batches).',
		};
	}
	if (status >= 500) {
		return {
			kind: 'server',
			message: `Siro had a server error (${status}) while ${purpose}, ${waited}.${siroSays}`,
			description:
				"This is usually temporary on Siro's side: run the workflow again in a few minutes. If it persists, contact Siro support.",
		};
	}
	if (status >= 400) {
		const general = clientError(context, status, siroSays);
		return { ...general, ...context.explainClientError?.(status, siroMessage, context.attempts) };
	}
	return {
		kind: 'invalidResponse',
		message: `Siro answered with unexpected HTTP status ${status} while ${purpose}.`,
		description: `Check the ${baseUrlLabel}: it should point at Siro's API.`,
	};
}

/** The explanation of an attempt that got no HTTP answer. */
export function explainNetworkFailure(
	context: CallContext,
	failure: NetworkFailure,
	timeoutMs: number,
): Explanation {
	const host = hostOf(context.url) ?? `the ${context.baseUrlLabel}`;
	if (failure.kind === 'timeout') {
		const limit = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
		return {
			kind: 'timeout',
			message: `Siro at ${host} did not answer completely within ${limit} while ${context.purpose} (${tries(context.attempts)}).`,
			description: `Siro may be slow or unreachable from this n8n instance. Try again in a few minutes; if it keeps happening, check the ${context.baseUrlLabel} and any proxy or firewall between n8n and ${host}.`,
		};
	}
	return {
		kind: 'network',
		message: `Could not reach Siro at ${host} while ${context.purpose}: ${failure.reason} (${tries(context.attempts)}).`,
		description: `Check the ${context.baseUrlLabel} and that this n8n instance can reach ${host} (DNS, proxy, firewall). Temporary failures are retried automatically.`,
	};
}

/** The ways an answer can fail to be what Siro documents, in words. */
export type InvalidBody =
	| { empty: true }
	| { html: true }
	| { notJson: true }
	| { tooLarge: { megabytes: number; limitMegabytes: number } }
	| { shape: string };

/** An answer whose body is not what Siro documents. */
export function explainInvalidBody(context: CallContext, invalid: InvalidBody): Explanation {
	const { purpose } = context;
	let message: string;
	if ('empty' in invalid)
		message = `Siro answered with an empty body instead of JSON while ${purpose}.`;
	else if ('html' in invalid)
		message = `Siro answered with an HTML page instead of JSON while ${purpose}.`;
	else if ('notJson' in invalid)
		message = `Siro answered with text that is not valid JSON while ${purpose}.`;
	else if ('tooLarge' in invalid) {
		const { megabytes, limitMegabytes } = invalid.tooLarge;
		message = `Siro's answer while ${purpose} is ${megabytes} MB long, over the ${limitMegabytes} MB this node accepts.`;
	} else
		message = `Siro's answer while ${purpose} does not have the expected shape: ${invalid.shape}.`;
	return {
		kind: 'invalidResponse',
		message,
		description: `Check the ${context.baseUrlLabel}: it must point at Siro's API, not at its web app. If it does, Siro may have changed its API: report this to the n8n-nodes-siro maintainers.`,
	};
}
