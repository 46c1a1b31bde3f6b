'use strict';
/**
 * Recording → Upload end to end in real n8n, 1.123.81 on Node 20 and 2.41.1 on Node 24, with n8n's
 * filesystem binary data mode: n8n's Read/Write Files node reads a 5 MB WAV (and a text file named
 * .wav) from disk, the Siro node uploads it (signed URL from the fake Siro, PUT to its storage
 * stand-in, upload call) and the recording appears in the fake with the rep and the CRM objects.
 * What the storage stand-in received is checked for every piece of every Siro token. Needs
 * `npm run build` first.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { N8nInstance, outputOf, errorOf } = require('../../dev/n8n/instance');
const { startFakeSiro, DEMO } = require('../../dev/fake-siro/server');
const { expectNoSecretPieces } = require('../../dev/secretPieces');
const { wavFile } = require('../support/audioFiles');
const wf = require('./support/workflows');
const { usePackedPackage } = require('./support/packedPackage');

jest.setTimeout(20 * 60 * 1000);

const FIVE_MB = 5 * 1024 * 1024;
const REP = DEMO.users.demo;
const CONNECTION = DEMO.integrationConnections.customInput;
const CONVERSATION_TYPE = DEMO.conversationTypes.serviceCall;
const TOKENS = [
	DEMO.userAccessToken,
	DEMO.organizationApiToken,
	DEMO.oauthClientSecret,
	DEMO.otherOrganizationApiToken,
];
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

const packed = usePackedPackage();

/**
 * examples/recording-file-to-siro.json, runnable: its webhook becomes a Code node emitting the form
 * fields and a small WAV as binary data (with a MIME type that says nothing), its e-mail a Set node.
 */
function runnableExample(line, wav) {
	const { workflow, replaced } = wf.exampleVariant(wf.readExample('recording-file-to-siro.json'), {
		id: wf.workflowId('UploadExample', line),
		triggerItems: [{}],
	});
	const trigger = workflow.nodes.find((candidate) => candidate.name === replaced.triggers[0]);
	const item = {
		json: {
			body: {
				repEmail: REP.email,
				title: 'Voice memo: Garcia kitchen',
				opportunityId: '006-example-7',
				integrationConnectionId: CONNECTION,
				customerName: 'Dana Garcia',
				recordedAt: '2026-03-09T15:30:00+01:00',
			},
		},
		binary: {
			data: {
				data: wav.toString('base64'),
				mimeType: 'application/octet-stream',
				fileName: 'garcia-kitchen.wav',
			},
		},
	};
	trigger.parameters.jsCode = `return [${JSON.stringify(item)}];`;
	return { workflow, replaced };
}

/** Manual → Read Files (every *.wav in `folder`) → Siro Recording Upload (failed items kept). */
function uploadWorkflow(line, folder) {
	return {
		id: wf.workflowId('Upload', line),
		name: `Siro recording upload (e2e line ${line})`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			wf.manualTrigger(),
			wf.node('Read Files', 'n8n-nodes-base.readWriteFile', {
				operation: 'read',
				fileSelector: path.join(folder, '*.wav'),
				options: {},
			}),
			wf.siroNode(
				'Upload',
				{
					resource: 'recording',
					operation: 'upload',
					binaryPropertyName: 'data',
					title: '={{ "Voice memo " + $binary.data.fileName }}',
					repBy: 'user',
					rep: { __rl: true, mode: 'email', value: REP.email.toUpperCase() },
					conversationType: { __rl: true, mode: 'name', value: CONVERSATION_TYPE.displayName },
					integrationConnection: { __rl: true, mode: 'id', value: CONNECTION },
					crmObjectsInput: 'fields',
					crmObjects: {
						crmObject: [
							{ objectType: 'Opportunity', objectId: '006-e2e-1' },
							{ objectType: 'Account', objectId: '001-e2e-2' },
						],
					},
					additionalFields: {
						contactName: 'Pat Smith',
						recordedAt: '2026-03-08T09:00:00-08:00',
					},
				},
				{ onError: 'continueRegularOutput' },
			),
		],
		connections: {
			Manual: { main: [[{ node: 'Read Files', type: 'main', index: 0 }]] },
			'Read Files': { main: [[{ node: 'Upload', type: 'main', index: 0 }]] },
		},
		pinData: {},
	};
}

describe.each(['1', '2'])('Recording → Upload in real n8n line %s', (line) => {
	let n8n;
	let fake;
	let folder;
	let workflow;
	let example;
	let lineStarted;
	const wav = wavFile(FIVE_MB);

	beforeAll(async () => {
		lineStarted = Date.now();
		fake = await startFakeSiro();
		folder = fs.mkdtempSync(path.join(os.tmpdir(), 'siro-upload-files-'));
		fs.writeFileSync(path.join(folder, 'smith-visit.wav'), wav);
		fs.writeFileSync(path.join(folder, 'notes.wav'), 'Call notes: not a recording.\n');
		workflow = uploadWorkflow(line, folder);
		n8n = new N8nInstance({
			line,
			extraEnv: {
				N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
				N8N_RESTRICT_FILE_ACCESS_TO: folder,
			},
		});
		await n8n.installCommunityPackage(packed.tarball);
		await n8n.importCredentials([
			wf.siroCredential(fake.url, {
				organizationApiToken: DEMO.organizationApiToken,
				oauthBaseUrl: `${fake.url}/api-externalApi`,
			}),
		]);
		await n8n.importWorkflow(workflow);
		example = runnableExample(line, wavFile(100 * 1024));
		await n8n.importWorkflow(example.workflow);
		console.log(`line ${line}: set up in ${seconds(lineStarted)}`);
	});

	afterAll(async () => {
		await n8n?.cleanup();
		await fake?.close();
		if (folder) fs.rmSync(folder, { recursive: true, force: true });
		if (lineStarted) console.log(`line ${line}: whole line took ${seconds(lineStarted)}`);
	});

	test('a 5 MB wav read in filesystem binary mode becomes a recording with its rep and CRM objects; no token reaches storage; a text file is a failed item', async () => {
		const recordingsBefore = fake.data.recordings.length;
		const run = await n8n.execute(workflow.id);
		expect(errorOf(run.result)).toBeUndefined();
		expect(run.result.status).toBe('success');

		// n8n kept the files in its filesystem binary mode, not in the execution's memory.
		const readRun = run.result.data.resultData.runData['Read Files'][0];
		const binaries = readRun.data.main[0].map((item) => item.binary.data);
		expect(binaries.map((binary) => binary.id)).toEqual([
			expect.stringMatching(/^filesystem/),
			expect.stringMatching(/^filesystem/),
		]);

		const output = outputOf(run.result, 'Upload');
		const byFile = Object.fromEntries(
			binaries.map((binary, index) => [binary.fileName, output[index]]),
		);
		expect(byFile['smith-visit.wav']).toEqual({
			id: expect.any(String),
			fileType: 'wav',
			fileSize: FIVE_MB,
			fileName: 'smith-visit.wav',
		});
		expect(byFile['notes.wav']).toEqual({
			error: expect.stringMatching(
				/The file "notes\.wav" is not an MP3, AAC \(ADTS\) or WAV recording/,
			),
			fix: expect.any(String),
			field: 'binaryPropertyName',
		});

		// The recording, as the recordings endpoints show it.
		expect(fake.data.recordings.length).toBe(recordingsBefore + 1);
		const recording = fake.recordings.find(byFile['smith-visit.wav'].id);
		expect(recording).toMatchObject({
			userId: REP.id,
			title: 'Voice memo smith-visit.wav',
			conversationType: CONVERSATION_TYPE.conversationType,
			contactName: 'Pat Smith',
			createdAt: '2026-03-08T17:00:00.000Z',
			fileType: 'wav',
			fileSize: FIVE_MB,
			crm: {
				integrationConnectionId: CONNECTION,
				opportunity: { externalId: '006-e2e-1' },
				account: { externalId: '001-e2e-2' },
			},
		});

		// Storage got the exact bytes with exactly the signed headers, and nothing of any token.
		expect(fake.storage.requests).toHaveLength(1);
		const [put] = fake.storage.requests;
		expect(put).toMatchObject({ method: 'PUT', status: 200, receivedBytes: FIVE_MB });
		expect(put.headers['content-type']).toBe('audio/wav');
		expect(put.headers['x-goog-content-length-range']).toBe(`0,${FIVE_MB}`);
		expect(put.headers.authorization).toBeUndefined();
		expect(put.headers['x-siro-auth-token']).toBeUndefined();
		expectNoSecretPieces(JSON.stringify({ url: put.url, headers: put.headers }), TOKENS);
		const stored = fake.storage.objectAt(fake.storage.issued[0].downloadUrl);
		expect(stored.sha256).toBe(crypto.createHash('sha256').update(wav).digest('hex'));

		// Only the signed-urls and upload calls for the good file; the text file sent nothing.
		expect(fake.countRequests('recordingSignedUrls')).toBe(1);
		expect(fake.countRequests('recordingUpload')).toBe(1);

		// Neither the tokens nor the signed URL's signature in n8n's output or logs.
		const signature = new URL(fake.storage.issued[0].uploadUrl).searchParams.get(
			'X-Goog-Signature',
		);
		for (const text of [run.stdout, run.stderr]) {
			expectNoSecretPieces(text, [...TOKENS, signature]);
		}
	});

	test('the example: the rep found by e-mail, the file uploaded with the opportunity, the rep told the recording ID', async () => {
		expect(example.replaced).toEqual({
			triggers: ['Recording File Arrives'],
			senders: ['Tell the Rep'],
		});
		const run = await n8n.execute(example.workflow.id);
		expect(errorOf(run.result)).toBeUndefined();
		expect(run.result.status).toBe('success');
		const [uploaded] = outputOf(run.result, 'Upload Recording');
		expect(uploaded).toEqual({
			id: expect.any(String),
			fileType: 'wav',
			fileSize: 100 * 1024,
			fileName: 'garcia-kitchen.wav',
		});
		expect(fake.recordings.find(uploaded.id)).toMatchObject({
			userId: REP.id,
			title: 'Voice memo: Garcia kitchen',
			contactName: 'Dana Garcia',
			createdAt: '2026-03-09T14:30:00.000Z',
			crm: { integrationConnectionId: CONNECTION, opportunity: { externalId: '006-example-7' } },
		});
		const [told] = outputOf(run.result, 'Tell the Rep');
		expect(told.toEmail).toBe(REP.email);
		expect(told.text).toContain(
			`is now in Siro as recording ${uploaded.id}, linked to opportunity 006-example-7`,
		);
	});
});
