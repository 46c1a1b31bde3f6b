/**
 * createSiroClient's uploadRecording against the fake Siro and its storage stand-in, over real
 * sockets: the three steps, what storage received (exactly the signed headers, the bytes, and no
 * piece of any Siro token), every storage refusal, expiry, Siro's validation rules, the file checks
 * (type by content, name, empty, cap), all before any request, and no signed URL in any error.
 */
import crypto from 'node:crypto';

import {
	detectAudioFileType,
	MAX_RECORDING_UPLOAD_BYTES,
	SiroApiError,
	SiroInputError,
	STORAGE_PUT_TIME_LIMIT,
	type SiroClientOptions,
	type StorageRequestFunction,
} from '../../index';
import { storagePutTimeoutMs } from '../../nodes/Siro/client';
import { createNodeHttpTransport } from '../../dev/fake-siro/nodeHttpTransport';
import { DEMO } from '../../dev/fake-siro/server';
import { expectNoSecretPieces } from '../../dev/secretPieces';
import { aacFile, mp3File, wavFile } from '../support/audioFiles';
import { demoClientOf, rejection } from './support/fakeSiroClient';
import { useFakeSiro } from './support/fakeSiroFixture';

const fake = useFakeSiro();
const transport = createNodeHttpTransport();
const TOKENS = [DEMO.userAccessToken, DEMO.organizationApiToken];
const avery = DEMO.users.demo;
const CONNECTION = DEMO.integrationConnections.customInput;

beforeEach(() => fake.storage.reset());

const client = (overrides: Partial<SiroClientOptions> = {}) =>
	demoClientOf(fake, { storageRequest: transport as StorageRequestFunction, ...overrides });

/** Nothing was sent anywhere: neither to Siro nor to storage. */
function expectNothingSent() {
	expect(fake.requests).toHaveLength(0);
	expect(fake.storage.requests).toHaveLength(0);
}

/** Every piece of text the storage stand-in received: no piece of a Siro token in any of it. */
function expectNoTokenReachedStorage() {
	expect(fake.storage.requests.length).toBeGreaterThan(0);
	for (const entry of fake.storage.requests) {
		const received = JSON.stringify({ url: entry.url, headers: entry.headers });
		expectNoSecretPieces(received, TOKENS);
		expect(Object.keys(entry.headers)).not.toEqual(expect.arrayContaining(['authorization']));
		expect(entry.headers['x-siro-auth-token']).toBeUndefined();
	}
}

/** The signatures and credentials of every signed URL the fake handed out in this test. */
function signedUrlSecrets(): string[] {
	expect(fake.storage.issued.length).toBeGreaterThan(0);
	return fake.storage.issued.flatMap(
		({ uploadUrl, downloadUrl }: { uploadUrl: string; downloadUrl: string }) =>
			[uploadUrl, downloadUrl].flatMap((url) => {
				const query = new URL(url).searchParams;
				return [query.get('X-Goog-Signature') ?? '', query.get('X-Goog-Credential') ?? ''];
			}),
	);
}

function expectNoSignedUrlIn(error: unknown) {
	const text = JSON.stringify({
		message: (error as Error).message,
		description: (error as SiroApiError).description,
		stack: (error as Error).stack,
	});
	expectNoSecretPieces(text, signedUrlSecrets());
	expect(text).not.toContain('X-Goog-');
	expect(text).not.toContain(fake.storage.url.replace('http://', ''));
}

describe('uploadRecording: the three steps', () => {
	test('a wav becomes a recording with its rep, conversation type and CRM objects; storage gets the bytes, exactly the signed headers and no token', async () => {
		const file = wavFile(256 * 1024);
		const conversationType = DEMO.conversationTypes.followUpVisit.conversationType;
		const uploaded = await client().uploadRecording(file, {
			fileName: 'Smith visit.wav',
			title: 'Smith residence\n– roof',
			userEmail: avery.email.toUpperCase(),
			conversationType: conversationType.toUpperCase(),
			integrationConnectionId: CONNECTION,
			crmObjects:
				'[{"objectType":"opportunity","objectId":"006A1"},{"objectType":"Contact","objectId":"003B2"}]',
			contactName: 'Pat Smith',
			contactPhone: '+14155550199',
			recordedAt: '2026-03-08T09:00:00-08:00',
		});
		expect(uploaded).toEqual({ id: expect.any(String), fileType: 'wav', fileSize: file.length });

		expect(fake.requests.map((entry) => entry.route)).toEqual([
			'recordingSignedUrls',
			'recordingUpload',
		]);
		expect(fake.requests[0].body).toEqual({ fileType: 'wav', fileSize: file.length });
		const uploadBody = fake.requests[1].body as Record<string, unknown>;
		expect(uploadBody).toEqual({
			fileUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//),
			fileType: 'wav',
			title: 'Smith residence – roof',
			userEmail: avery.email.toUpperCase(),
			conversationType,
			integrationConnectionId: CONNECTION,
			crmObjects: [
				{ objectType: 'Opportunity', objectId: '006A1' },
				{ objectType: 'Contact', objectId: '003B2' },
			],
			contactName: 'Pat Smith',
			contactPhone: '+14155550199',
			dateCreated: '2026-03-08T17:00:00.000Z',
		});

		expect(fake.storage.requests).toHaveLength(1);
		const put = fake.storage.requests[0];
		expect(put).toMatchObject({ method: 'PUT', status: 200, receivedBytes: file.length });
		expect(put.headers['content-type']).toBe('audio/wav');
		expect(put.headers['x-goog-content-length-range']).toBe(`0,${file.length}`);
		const stored = [...fake.storage.objects.values()].at(-1);
		expect(stored.sha256).toBe(crypto.createHash('sha256').update(file).digest('hex'));
		expectNoTokenReachedStorage();

		const recording = await client().getRecording(uploaded.id, { showCrmLinks: true });
		expect(recording).toMatchObject({
			id: uploaded.id,
			userId: avery.id,
			title: 'Smith residence – roof',
			conversationType,
			createdAt: '2026-03-08T17:00:00.000Z',
			crm: {
				integrationConnectionId: CONNECTION,
				opportunity: { externalId: '006A1' },
				contacts: [{ externalId: '003B2' }],
			},
		});
	});

	test.each([
		['an mp3 with an ID3 tag', mp3File({ id3: true }), 'mp3', 'memo.MP3'],
		['an mp3 starting with a frame', mp3File(), 'mp3', undefined],
		['an aac (ADTS)', aacFile(), 'aac', 'call.aac'],
	])('%s uploads as its type, rep by userId or phone', async (_name, file, fileType, fileName) => {
		const uploaded = await client().uploadRecording(file, {
			fileName,
			userPhone: '+1 212 555 0100',
		});
		expect(uploaded.fileType).toBe(fileType);
		expect(fake.storage.requests[0].headers['content-type']).toBe(
			{ mp3: 'audio/mpeg', aac: 'audio/aac' }[fileType as 'mp3' | 'aac'],
		);
		const byPhone = fake.data.users.find(
			(user: { phoneNumber: string | null }) => user.phoneNumber === '+12125550100',
		);
		expect((await client().getRecording(uploaded.id)).userId).toBe(byPhone?.id);
		expect(byPhone).toBeDefined();
		expectNoTokenReachedStorage();
	});
});

describe('uploadRecording: the file, checked before any request', () => {
	test.each([
		[
			'a PNG named .wav',
			Buffer.concat([
				Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
				Buffer.alloc(200),
			]),
			'call.wav',
			/not an MP3, AAC \(ADTS\) or WAV/,
		],
		[
			'text with an audio name',
			Buffer.from('hello, this is not audio at all'),
			'call.mp3',
			/not an MP3/,
		],
		[
			'a RIFF that is no WAVE (AVI)',
			Buffer.concat([Buffer.from('RIFF\0\0\0\0AVI '), Buffer.alloc(100)]),
			undefined,
			/not an MP3/,
		],
		['wav bytes named .mp3', wavFile(1000), 'call.mp3', /named \.mp3, but its content is wav/],
		['mp3 bytes named .m4a', mp3File(), 'call.m4a', /named \.m4a, but its content is mp3/],
		['an empty file', Buffer.alloc(0), 'call.wav', /is empty/],
		['no bytes at all', 'RIFF....WAVE' as unknown as Uint8Array, undefined, /not the file's bytes/],
	])('%s is refused', async (_name, bytes, fileName, message) => {
		const error = await rejection(client().uploadRecording(bytes, { fileName, userId: avery.id }));
		expect(error).toBeInstanceOf(SiroInputError);
		expect((error as SiroInputError).field).toBe('file');
		expect((error as Error).message).toMatch(message);
		expectNothingSent();
	});

	test(`a file over the ${MAX_RECORDING_UPLOAD_BYTES / 1048576} MB cap is refused by its size alone`, async () => {
		// Zero-filled and never written: the check reads its length only.
		const tooLarge = new Uint8Array(MAX_RECORDING_UPLOAD_BYTES + 1);
		const error = await rejection(client().uploadRecording(tooLarge, { userId: avery.id }));
		expect((error as Error).message).toMatch(/500\.0 MB, over the 500\.0 MB an upload may be/);
		expectNothingSent();
	});

	test('the type is read from the bytes, whatever the name says', () => {
		expect(detectAudioFileType(wavFile(100))).toBe('wav');
		expect(detectAudioFileType(mp3File({ id3: true }))).toBe('mp3');
		expect(detectAudioFileType(mp3File())).toBe('mp3');
		expect(detectAudioFileType(aacFile())).toBe('aac');
		// An ID3 tag in front of AAC frames is AAC, not MP3.
		expect(
			detectAudioFileType(
				Buffer.concat([Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]), aacFile()]),
			),
		).toBe('aac');
		// A tag with nothing behind it, a frame header with a reserved version, layer I: none.
		expect(
			detectAudioFileType(Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 40])),
		).toBeUndefined();
		expect(detectAudioFileType(Buffer.from([0xff, 0xeb, 0x90, 0x64]))).toBeUndefined();
		expect(detectAudioFileType(Buffer.from([0xff, 0xff, 0x90, 0x64]))).toBeUndefined();
	});
});

describe("uploadRecording: Siro's rules for the fields, before any request", () => {
	test.each([
		['no rep', {}, 'userId', /No rep is given/],
		['a blank rep e-mail only', { userEmail: '  ' }, 'userId', /No rep is given/],
		[
			'CRM objects without a connection',
			{ userId: avery.id, crmObjects: [{ objectType: 'Lead', objectId: 'L1' }] },
			'integrationConnectionId',
			/without integrationConnectionId/,
		],
		[
			'a connection without CRM objects',
			{ userId: avery.id, integrationConnectionId: CONNECTION },
			'crmObjects',
			/without CRM objects/,
		],
		[
			'an unknown CRM object type',
			{
				userId: avery.id,
				integrationConnectionId: CONNECTION,
				crmObjects: [{ objectType: 'Deal', objectId: 'D1' }],
			},
			'crmObjects',
			/not a Siro CRM object type/,
		],
		[
			'an unknown option',
			{ userId: avery.id, customerName: 'Pat' },
			'customerName',
			/not one uploadRecording knows/,
		],
		[
			'a malformed conversation type',
			{ userId: avery.id, conversationType: 'In-Home' },
			'conversationType',
			/./,
		],
		['a phone with a line break', { userPhone: '+1 212 555\n0100' }, 'userPhone', /line break/],
		[
			'defaultCountry (the client does not read numbering plans)',
			{ userId: avery.id, defaultCountry: 'US' },
			'defaultCountry',
			/not one uploadRecording knows/,
		],
		[
			'a recorded-at time without a zone',
			{ userId: avery.id, recordedAt: '2026-03-08T09:00:00' },
			'recordedAt',
			/time zone/,
		],
		['not an e-mail', { userEmail: 'avery at example.com' }, 'userEmail', /not an e-mail address/],
	])('%s is refused', async (_name, options, field, message) => {
		const error = await rejection(client().uploadRecording(wavFile(1000), options as never));
		expect(error).toBeInstanceOf(SiroInputError);
		expect((error as SiroInputError).field).toBe(field);
		expect((error as Error).message).toMatch(message);
		expectNothingSent();
	});

	test('phone numbers go as given, for Siro to match (the node writes them in E.164 first)', async () => {
		const uploaded = await client().uploadRecording(wavFile(1000), {
			userPhone: ' (212) 555-0100 ',
			contactPhone: '+1 415 555 0199',
		});
		expect(fake.requests[1].body).toMatchObject({
			userPhone: '(212) 555-0100',
			contactPhone: '+1 415 555 0199',
		});
		expect((await client().getRecording(uploaded.id)).userId).toBe(
			fake.data.users.find(
				(user: { phoneNumber: string | null }) => user.phoneNumber === '+12125550100',
			)?.id,
		);
	});

	test('without a storage transport nothing is sent', async () => {
		const error = await rejection(
			client({ storageRequest: undefined }).uploadRecording(wavFile(1000), { userId: avery.id }),
		);
		expect((error as Error).message).toMatch(/No storageRequest was given/);
		expectNothingSent();
	});
});

describe("the fake Siro's upload call applies Siro's validation rules (400)", () => {
	async function postUpload(body: unknown) {
		const response = await fetch(`${fake.url}/api-internalApi/v1/core/recordings/upload`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-siro-auth-token': DEMO.userAccessToken },
			body: JSON.stringify(body),
		});
		return {
			status: response.status,
			body: (await response.json()) as { issues?: Array<{ message: string; code: string }> },
		};
	}
	const file = { fileUrl: 'http://127.0.0.1:1/nothing.wav', fileType: 'wav' };

	test('at least one of userId, userEmail, userPhone', async () => {
		const answer = await postUpload({ ...file, userEmail: '' });
		expect(answer.status).toBe(400);
		expect(answer.body.issues?.map((issue) => issue.message)).toContain(
			'At least one of userId, userEmail, or userPhone must be provided',
		);
	});

	test.each([
		['connection alone', { integrationConnectionId: CONNECTION }],
		['CRM objects alone', { crmObjects: [{ objectType: 'Lead', objectId: 'L1' }] }],
	])('CRM objects and the connection together: %s is refused', async (_name, extra) => {
		const answer = await postUpload({ ...file, userId: avery.id, ...extra });
		expect(answer.status).toBe(400);
		expect(answer.body.issues?.map((issue) => issue.message)).toContain(
			'integrationConnectionId and crmObjects must both be provided or both omitted',
		);
	});

	test("a property Siro does not list (an earlier revision's customerName) is refused", async () => {
		const answer = await postUpload({ ...file, userId: avery.id, customerName: 'Pat' });
		expect(answer.status).toBe(400);
		expect(answer.body.issues?.[0]).toMatchObject({ code: 'unrecognized_keys' });
	});

	test('a fileUrl whose file never reached storage makes no recording', async () => {
		const before = fake.data.recordings.length;
		const answer = await postUpload({ ...file, userId: avery.id });
		expect(answer.status).toBe(400);
		expect(fake.data.recordings.length).toBe(before);
	});
});

describe('the storage stand-in checks the signed PUT as storage does', () => {
	async function signedUpload(fileSize: number) {
		const response = await fetch(`${fake.url}/api-internalApi/v1/core/recordings/signed-urls`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-siro-auth-token': DEMO.userAccessToken },
			body: JSON.stringify({ fileType: 'wav', fileSize }),
		});
		expect(response.status).toBe(200);
		return (
			(await response.json()) as {
				data: { uploadUrl: string; uploadHeaders: Record<string, string> };
			}
		).data;
	}
	async function put(url: string, headers: Record<string, string>, body: Uint8Array) {
		const response = await fetch(url, {
			method: 'PUT',
			headers,
			body,
			duplex: 'half',
		} as RequestInit);
		return { status: response.status, text: await response.text() };
	}
	const file = wavFile(4000);

	test('exactly the signed headers: stored', async () => {
		const { uploadUrl, uploadHeaders } = await signedUpload(file.length);
		expect(await put(uploadUrl, uploadHeaders, file)).toEqual({ status: 200, text: '' });
	});

	test.each([
		[
			'a missing Content-Type',
			(headers: Record<string, string>) => ({
				'x-goog-content-length-range': headers['x-goog-content-length-range'],
			}),
		],
		[
			'a missing length range',
			(headers: Record<string, string>) => ({ 'Content-Type': headers['Content-Type'] }),
		],
		[
			'another Content-Type',
			(headers: Record<string, string>) => ({ ...headers, 'Content-Type': 'audio/x-wav' }),
		],
		[
			'another length range',
			(headers: Record<string, string>) => ({
				...headers,
				'x-goog-content-length-range': '0,999999',
			}),
		],
		[
			'an extra x-goog header',
			(headers: Record<string, string>) => ({ ...headers, 'x-goog-meta-rep': 'avery' }),
		],
	])('%s: 403 SignatureDoesNotMatch', async (_name, change) => {
		const { uploadUrl, uploadHeaders } = await signedUpload(file.length);
		const answer = await put(uploadUrl, change(uploadHeaders), file);
		expect(answer.status).toBe(403);
		expect(answer.text).toContain('<Code>SignatureDoesNotMatch</Code>');
		expect(fake.storage.objects.has(new URL(uploadUrl).pathname)).toBe(false);
	});

	test('a changed signature or path: 403 SignatureDoesNotMatch', async () => {
		const { uploadUrl, uploadHeaders } = await signedUpload(file.length);
		const url = new URL(uploadUrl);
		const signature = url.searchParams.get('X-Goog-Signature') as string;
		url.searchParams.set(
			'X-Goog-Signature',
			`${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`,
		);
		expect((await put(url.toString(), uploadHeaders, file)).status).toBe(403);
		expect((await put(uploadUrl.replace('.wav?', '.mp3?'), uploadHeaders, file)).status).toBe(403);
	});

	test('past its expiry: 403 Request has expired', async () => {
		const { uploadUrl, uploadHeaders } = await signedUpload(file.length);
		fake.storage.setClockAhead(16 * 60 * 1000);
		const answer = await put(uploadUrl, uploadHeaders, file);
		expect(answer.status).toBe(403);
		expect(answer.text).toContain('<Message>Request has expired</Message>');
	});

	test('a body larger than the size signed for: 400 EntityTooLarge, declared or streamed', async () => {
		const { uploadUrl, uploadHeaders } = await signedUpload(file.length - 1);
		const declared = await put(uploadUrl, uploadHeaders, file);
		expect(declared.status).toBe(400);
		expect(declared.text).toContain('<Code>EntityTooLarge</Code>');
		const streamed = await fetch(uploadUrl, {
			method: 'PUT',
			headers: uploadHeaders,
			body: new ReadableStream({
				start(controller) {
					controller.enqueue(file);
					controller.close();
				},
			}),
			duplex: 'half',
		} as RequestInit);
		expect(streamed.status).toBe(400);
		expect(await streamed.text()).toContain('<Code>EntityTooLarge</Code>');
	});

	test('an Authorization header next to the signature: 400', async () => {
		const { uploadUrl, uploadHeaders } = await signedUpload(file.length);
		const answer = await put(uploadUrl, { ...uploadHeaders, authorization: 'Bearer x' }, file);
		expect(answer.status).toBe(400);
	});
});

describe('uploadRecording: storage refusals reach the caller as clear errors without the signed URL', () => {
	/** The node transport, with `change` applied to what it sends to storage. */
	const changing =
		(change: (headers: Record<string, string>) => Record<string, string>): StorageRequestFunction =>
		(request) =>
			(transport as StorageRequestFunction)({ ...request, headers: change(request.headers) });

	test.each([
		[
			'a proxy adding an x-goog header',
			(headers: Record<string, string>) => ({ ...headers, 'x-goog-meta-via': 'proxy' }),
		],
		[
			'a transport rewriting Content-Type',
			(headers: Record<string, string>) => ({
				...headers,
				'Content-Type': 'application/octet-stream',
			}),
		],
		[
			'a transport dropping the length range',
			(headers: Record<string, string>) => ({ 'Content-Type': headers['Content-Type'] }),
		],
	])('%s: SignatureDoesNotMatch, no recording created', async (_name, change) => {
		const before = fake.data.recordings.length;
		const error = await rejection(
			client({ storageRequest: changing(change) }).uploadRecording(wavFile(2000), {
				userId: avery.id,
			}),
		);
		expect(error).toBeInstanceOf(SiroApiError);
		expect((error as SiroApiError).message).toMatch(
			/Storage refused the recording \(HTTP 403, SignatureDoesNotMatch/,
		);
		expect((error as SiroApiError).kind).toBe('forbidden');
		expect(fake.storage.requests).toHaveLength(1); // a 403 is not retried
		expect(fake.countRequests('recordingUpload')).toBe(0);
		expect(fake.data.recordings.length).toBe(before);
		expectNoSignedUrlIn(error);
		expectNoTokenReachedStorage();
	});

	test("storage's clock past the expiry: Request has expired", async () => {
		fake.storage.setClockAhead(20 * 60 * 1000);
		const error = await rejection(client().uploadRecording(wavFile(2000), { userId: avery.id }));
		expect((error as Error).message).toMatch(
			/HTTP 403, ExpiredToken: Request has expired\).*had expired when the file arrived/,
		);
		expect(fake.countRequests('recordingUpload')).toBe(0);
		expectNoSignedUrlIn(error);
	});

	test('an upload URL already expired by the client clock is not used', async () => {
		fake.storage.setLifetime(-1000);
		const error = await rejection(client().uploadRecording(wavFile(2000), { userId: avery.id }));
		expect((error as Error).message).toMatch(
			/upload URL had expired before the recording could be sent/,
		);
		expect(fake.storage.requests).toHaveLength(0);
		expect(fake.countRequests('recordingUpload')).toBe(0);
	});

	test('a redirect from storage is not followed', async () => {
		const sent: string[] = [];
		const redirecting: StorageRequestFunction = async (request) => {
			sent.push(request.url);
			return { status: 307, headers: { location: `${fake.url}/elsewhere` }, body: '' };
		};
		const error = await rejection(
			client({ storageRequest: redirecting }).uploadRecording(wavFile(2000), { userId: avery.id }),
		);
		expect((error as SiroApiError).kind).toBe('redirect');
		expect(sent).toHaveLength(1);
		expect(fake.countRequests('unknown')).toBe(0);
		expectNoSignedUrlIn(error);
	});

	test('a storage 503 is retried while the URL is valid, then succeeds', async () => {
		let calls = 0;
		const flaky: StorageRequestFunction = async (request) => {
			calls++;
			if (calls === 1)
				return { status: 503, headers: {}, body: '<Error><Code>ServiceUnavailable</Code></Error>' };
			return await (transport as StorageRequestFunction)(request);
		};
		const uploaded = await client({ storageRequest: flaky }).uploadRecording(wavFile(2000), {
			userId: avery.id,
		});
		expect(calls).toBe(2);
		expect(uploaded.id).toEqual(expect.any(String));
	});

	test('a storage error echoing the signed request is reduced to its code and message', async () => {
		const echoing: StorageRequestFunction = async (request) => ({
			status: 403,
			headers: {},
			body: `<Error><Code>SignatureDoesNotMatch</Code><Message>Mismatch</Message><StringToSign>${request.url} ${JSON.stringify(request.headers)}</StringToSign></Error>`,
		});
		const error = await rejection(
			client({ storageRequest: echoing }).uploadRecording(wavFile(2000), { userId: avery.id }),
		);
		expect((error as Error).message).toMatch(/SignatureDoesNotMatch: Mismatch/);
		expect((error as Error).message).not.toContain('StringToSign');
		expectNoSignedUrlIn(error);
	});

	test('the storage PUT has a deadline proportional to the size, capped', () => {
		expect(storagePutTimeoutMs(0)).toBe(STORAGE_PUT_TIME_LIMIT.baseMs);
		expect(storagePutTimeoutMs(50 * 1048576)).toBe(30000 + 200000);
		expect(storagePutTimeoutMs(MAX_RECORDING_UPLOAD_BYTES)).toBe(STORAGE_PUT_TIME_LIMIT.maxMs);
	});

	test('a storage PUT that never answers ends at its deadline', async () => {
		const timeouts: number[] = [];
		const hanging: StorageRequestFunction = (request) => {
			timeouts.push(request.timeoutMs);
			return new Promise(() => undefined);
		};
		const error = await rejection(
			client({ storageRequest: hanging, retry: { maxAttempts: 1 } }).uploadRecording(
				wavFile(2000),
				{
					userId: avery.id,
				},
			),
		);
		expect(timeouts).toEqual([storagePutTimeoutMs(2000)]);
		expect((error as SiroApiError).kind).toBe('timeout');
	}, 60000);
});

describe("uploadRecording: Siro's upload call", () => {
	test('is not sent again after a 500 (it may have created the recording), and says so', async () => {
		fake.setFault({ kind: 'serverError', route: 'recordingUpload' });
		const error = await rejection(client().uploadRecording(wavFile(2000), { userId: avery.id }));
		expect(fake.countRequests('recordingUpload')).toBe(1);
		expect((error as SiroApiError).description).toMatch(/may have created the recording anyway/);
		expectNoSignedUrlIn(error);
	});

	test('an answer without an ID is an error, never a recording', async () => {
		fake.setFault({ kind: 'wrongShapeDataObject', route: 'recordingUpload' });
		const error = await rejection(client().uploadRecording(wavFile(2000), { userId: avery.id }));
		expect((error as SiroApiError).kind).toBe('invalidResponse');
	});

	test("a rep Siro does not know is Siro's 404, with no signed URL in the message", async () => {
		const error = await rejection(
			client().uploadRecording(wavFile(2000), { userEmail: 'nobody@example.com' }),
		);
		expect((error as SiroApiError).httpCode).toBe(404);
		expectNoSignedUrlIn(error);
	});
});
