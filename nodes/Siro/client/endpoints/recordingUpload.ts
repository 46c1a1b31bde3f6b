/**
 * A recording made elsewhere (a voice memo, a dialer, a VoIP call) brought into Siro, in Siro's three
 * steps (platform API, user token):
 *   1. POST /v1/core/recordings/signed-urls {fileType, fileSize} → where to put the file;
 *   2. PUT the bytes to that signed storage URL with exactly the headers Siro signed, and no Siro
 *      token: it goes to storage (Google Cloud Storage), another host, through its own transport;
 *   3. POST /v1/core/recordings/upload with fileUrl = the download URL and the recording's fields → {id}.
 * The file and the fields are checked before the first request. The signed URLs and headers grant
 * access to the file: they are kept out of every error like a token.
 */
import { checkRecordingFile, checkRecordingUploadOptions } from '../../recordingUpload';
import type { AudioFileType } from '../../recordingUpload';
import { isFieldObject, ownValue } from '../../core/values';
import type { SiroApiCaller } from '../caller';
import { SiroApiError, type SiroApiErrorKind } from '../errors';
import {
	sendOnce,
	type AttemptOutcome,
	type SiroHttpResponse,
	type SleepFunction,
} from '../request';
import { decideRetry, type RandomFunction, type RetryPolicy } from '../retry';
import { asObject, field, requiredString, ShapeError } from '../shape';

/** The storage PUT as the injected storage transport receives it. */
export interface StorageHttpRequest {
	method: 'PUT';
	/** The signed URL: a secret (whoever holds it may write the file); never log it. */
	url: string;
	/** Exactly Siro's uploadHeaders: send these and add nothing of your own (no Authorization). */
	headers: Record<string, string>;
	/** The file, sent as it is. */
	body: Uint8Array;
	timeoutMs: number;
	signal: AbortSignal;
}

/**
 * Sends the storage PUT: resolves `{status, headers, body}` for every HTTP answer and rejects only
 * without one, as SiroRequestFunction does. Must not follow redirects and must add no credentials.
 */
export type StorageRequestFunction = (request: StorageHttpRequest) => Promise<SiroHttpResponse>;

export interface UploadedRecording {
	/** The new recording's ID in Siro. */
	id: string;
	fileType: AudioFileType;
	fileSize: number;
}

/**
 * How long the storage PUT may take: 30 s plus one second per 256 KiB (a link of about 2 Mbit/s at
 * least), at most 30 minutes. A file at the 500 MiB cap gets the 30 minutes.
 */
export const STORAGE_PUT_TIME_LIMIT = Object.freeze({
	baseMs: 30_000,
	bytesPerSecond: 256 * 1024,
	maxMs: 30 * 60_000,
});

export function storagePutTimeoutMs(fileSize: number): number {
	const { baseMs, bytesPerSecond, maxMs } = STORAGE_PUT_TIME_LIMIT;
	return Math.min(maxMs, baseMs + Math.ceil((fileSize / bytesPerSecond) * 1000));
}

export interface UploadContext {
	caller: SiroApiCaller;
	storageRequest: StorageRequestFunction | undefined;
	now: () => number;
	sleep: SleepFunction;
	random: RandomFunction;
	retry: RetryPolicy;
}

interface SignedUpload {
	uploadUrl: string;
	uploadHeaders: Record<string, string>;
	downloadUrl: string;
	expiresAtMs: number | undefined;
}

const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The parts of a signed URL that grant access, for the redactor: each value of its query (the
 * signature, the credential, the date). Not the names, nor the two values every signed URL shares
 * (the algorithm, the list of signed headers), nor the scheme, host or path: their pieces
 * ("Signatur", "content-", "https://", "recordin") would mask the same words in every message.
 */
const PUBLIC_QUERY_VALUES = /(Algorithm|SignedHeaders)$/i;

function signedUrlSecrets(url: string): string[] {
	const secrets: string[] = [];
	const queryStart = url.indexOf('?');
	if (queryStart < 0) return secrets;
	for (const [name, value] of new URLSearchParams(url.slice(queryStart + 1))) {
		if (!PUBLIC_QUERY_VALUES.test(name)) secrets.push(value, encodeURIComponent(value));
	}
	return secrets;
}

/**
 * Reads step 1's answer. Every URL and header value is handed to the redactor before anything else
 * is checked, so no error of this upload (a shape error included) can quote them.
 */
function readSignedUpload(caller: SiroApiCaller, body: unknown): SignedUpload {
	const data = asObject(field(asObject(body, 'answer'), 'data'), 'data');
	for (const key of ['uploadUrl', 'downloadUrl']) {
		const value = field(data, key);
		if (typeof value === 'string')
			for (const secret of signedUrlSecrets(value)) caller.keepSecret(secret);
	}
	const headers = asObject(field(data, 'uploadHeaders'), 'data.uploadHeaders');
	const uploadHeaders: Record<string, string> = {};
	for (const name of Object.keys(headers)) {
		const value = headers[name];
		if (typeof value !== 'string')
			throw new ShapeError(`data.uploadHeaders.${name}: Expected string`);
		caller.keepSecret(value);
		uploadHeaders[name] = value;
	}
	const uploadUrl = requiredString(data, 'uploadUrl', 'data', true);
	const downloadUrl = requiredString(data, 'downloadUrl', 'data', true);
	for (const [key, url] of [
		['uploadUrl', uploadUrl],
		['downloadUrl', downloadUrl],
	]) {
		const parsed = URL.canParse(url) ? new URL(url) : undefined;
		const secure =
			parsed !== undefined &&
			(parsed.protocol === 'https:' ||
				(parsed.protocol === 'http:' && LOOPBACK_HOSTNAMES.has(parsed.hostname))) &&
			parsed.username === '' &&
			parsed.password === '';
		if (!secure) throw new ShapeError(`data.${key}: not an absolute https URL`);
	}
	const expiresAt = field(data, 'expiresAt');
	let expiresAtMs: number | undefined;
	if (expiresAt !== undefined && expiresAt !== null) {
		expiresAtMs = typeof expiresAt === 'string' ? Date.parse(expiresAt) : Number.NaN;
		if (Number.isNaN(expiresAtMs)) throw new ShapeError('data.expiresAt: not an ISO 8601 time');
	}
	return { uploadUrl, uploadHeaders, downloadUrl, expiresAtMs };
}

/** Storage's error code and message from its XML answer; never the rest (it may quote the signed request). */
function storageSays(body: unknown): { code?: string; message?: string } {
	if (typeof body !== 'string') return {};
	const code = /<Code>([A-Za-z]{1,64})<\/Code>/.exec(body)?.[1];
	const message = /<Message>([^<]{1,200})<\/Message>/.exec(body)?.[1]?.trim();
	return { code, message };
}

function storageError(
	kind: SiroApiErrorKind,
	message: string,
	description: string,
	attempts: number,
	httpCode?: number,
): SiroApiError {
	return new SiroApiError({ kind, message, description, attempts, httpCode });
}

const RUN_AGAIN = 'Run it again: every run asks Siro for a new upload URL.';

function storageRefusal(
	outcome: AttemptOutcome,
	attempts: number,
	timeoutMs: number,
): SiroApiError {
	if ('failure' in outcome) {
		const { failure } = outcome;
		return storageError(
			failure.kind,
			failure.kind === 'timeout'
				? `The recording did not reach storage within ${Math.round(timeoutMs / 1000)} s (${failure.reason}, ${attempts} attempt${attempts === 1 ? '' : 's'}).`
				: `The recording could not be sent to storage: ${failure.reason} (${attempts} attempt${attempts === 1 ? '' : 's'}).`,
			`Check the network between this machine and Google Cloud Storage (a proxy or firewall). ${RUN_AGAIN}`,
			attempts,
		);
	}
	const { status, body } = outcome.response;
	const { code, message } = storageSays(body);
	const says = [code, message].filter(Boolean).join(': ');
	const answer = `HTTP ${status}${says === '' ? '' : `, ${says}`}`;
	if (status >= 300 && status < 400) {
		return storageError(
			'redirect',
			`Storage answered the upload with a redirect (HTTP ${status}), which is not followed: the file was not stored.`,
			'A proxy between this machine and storage redirects requests; upload from a network without it.',
			attempts,
			status,
		);
	}
	if (code === 'SignatureDoesNotMatch') {
		return storageError(
			'forbidden',
			`Storage refused the recording (${answer}): the upload did not carry exactly the headers Siro signed.`,
			'Something between this package and storage changed the request (a proxy adding or rewriting headers). With the library, send exactly uploadHeaders and nothing of your own that starts with x-goog-.',
			attempts,
			status,
		);
	}
	if (/expired/i.test(says)) {
		return storageError(
			'forbidden',
			`Storage refused the recording (${answer}): Siro's upload URL had expired when the file arrived.`,
			`Check this machine's clock. ${RUN_AGAIN}`,
			attempts,
			status,
		);
	}
	if (code === 'EntityTooLarge' || status === 413) {
		return storageError(
			'badRequest',
			`Storage refused the recording (${answer}): it is larger than the size Siro signed the upload for.`,
			'Something changed the file between the size check and the upload; run it again.',
			attempts,
			status,
		);
	}
	return storageError(
		status === 429
			? 'rateLimited'
			: status >= 500
				? 'server'
				: status === 403
					? 'forbidden'
					: 'badRequest',
		`Storage refused the recording (${answer}).`,
		status >= 500 || status === 429 ? `Storage is busy or failing. ${RUN_AGAIN}` : RUN_AGAIN,
		attempts,
		status,
	);
}

/** Step 2: the bytes to storage, retried (network, 429, 5xx) only while the signed URL is valid. */
async function putToStorage(
	context: UploadContext,
	storageRequest: StorageRequestFunction,
	signed: SignedUpload,
	bytes: Uint8Array,
): Promise<void> {
	const timeoutMs = storagePutTimeoutMs(bytes.length);
	for (let attempts = 1; ; attempts++) {
		if (signed.expiresAtMs !== undefined && context.now() >= signed.expiresAtMs) {
			throw storageError(
				'invalidResponse',
				`Siro's upload URL had expired before the recording could be sent${attempts > 1 ? ` (after ${attempts - 1} failed attempts)` : ''}.`,
				`Check this machine's clock against the real time. ${RUN_AGAIN}`,
				attempts - 1,
			);
		}
		const outcome = await sendOnce(storageRequest, {
			method: 'PUT' as const,
			url: signed.uploadUrl,
			headers: { ...signed.uploadHeaders },
			body: bytes,
			timeoutMs,
		});
		if ('response' in outcome && outcome.response.status >= 200 && outcome.response.status < 300)
			return;
		const decision = decideRetry(outcome, attempts, context.retry, context.random, context.now());
		if ('giveUp' in decision) throw storageRefusal(outcome, attempts, timeoutMs);
		await context.sleep(decision.waitMs);
	}
}

function readCreatedRecording(body: unknown): string {
	const data = asObject(field(asObject(body, 'answer'), 'data'), 'data');
	return requiredString(data, 'id', 'data', true);
}

/** A failure of step 3 that may have created the recording anyway says so: a second run would make two. */
function mayHaveCreated(error: unknown): unknown {
	if (!(error instanceof SiroApiError)) return error;
	if (!['timeout', 'network', 'server'].includes(error.kind)) return error;
	return new SiroApiError({
		...error.toJSON(),
		description: `Siro may have created the recording anyway: look for it in Siro before running again, or it may be there twice. ${error.description}`,
	});
}

export async function uploadRecording(
	context: UploadContext,
	bytes: unknown,
	options: unknown,
): Promise<UploadedRecording> {
	const fields = checkRecordingUploadOptions(options);
	const fileName = isFieldObject(options) ? ownValue(options, 'fileName') : undefined;
	const { fileType, fileSize } = checkRecordingFile(bytes, fileName);
	const { caller, storageRequest } = context;
	if (storageRequest === undefined) {
		throw new SiroApiError({
			kind: 'invalidInput',
			message: 'No storageRequest was given: uploading a recording sends the file to storage.',
			description:
				'Pass storageRequest to createSiroClient: a transport like request that sends the body as bytes and adds no token.',
			attempts: 0,
		});
	}
	const signed = await caller.callAndRead(
		{
			api: 'platform',
			method: 'POST',
			path: '/v1/core/recordings/signed-urls',
			body: { fileType, fileSize },
			purpose: `asking Siro where to upload the ${fileType} recording`,
		},
		(answer) => readSignedUpload(caller, answer),
	);
	await putToStorage(context, storageRequest, signed, bytes as Uint8Array);
	try {
		const id = await caller.callAndRead(
			{
				api: 'platform',
				method: 'POST',
				path: '/v1/core/recordings/upload',
				body: { fileUrl: signed.downloadUrl, fileType, ...fields },
				purpose: 'creating the recording from the uploaded file',
				createsRecord: true,
			},
			readCreatedRecording,
		);
		return { id, fileType, fileSize };
	} catch (error) {
		throw mayHaveCreated(error);
	}
}
