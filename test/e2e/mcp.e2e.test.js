'use strict';
/**
 * The Siro tools offered by n8n's MCP Server Trigger, in real n8n in server mode (1.123.81 on Node 20
 * and 2.41.1 on Node 24), to a real MCP client: the official MCP TypeScript SDK over Streamable HTTP
 * (dev/mcp/call.js). The workflow is `npm start`'s MCP example as shipped, activated as the editor
 * does it; the fake Siro stands behind the tools. Needs `npm run build` first.
 *
 * Found while writing these: MCP Server Trigger 2 serves Streamable HTTP at /mcp/<path> on both
 * lines; a tool's name is its node's name made safe (Build_Record_Link), its description the node's
 * Description, its input schema the `$fromAI()` keys. The client gets the tool's items as JSON text.
 */
const { ensureN8n } = require('../../dev/n8n/install');
const { N8nInstance, killN8nOnExit } = require('../../dev/n8n/instance');
const { startFakeSiro, DEMO } = require('../../dev/fake-siro/server');
const { withMcpClient, toolText, REQUEST_TIMEOUT_MS } = require('../../dev/mcp/call');
const { buildRecordLink } = require('../../dist');
const wf = require('./support/workflows');
const { usePackedPackage } = require('./support/packedPackage');

jest.setTimeout(15 * 60 * 1000);
killN8nOnExit();

const MCP_EXAMPLE = 'mcp-server-siro-tools.json';
const TITLE = 'Jones residence – roof inspection';
const START_LINK = buildRecordLink({ action: 'start', title: TITLE }).url;
/** How long the production URL may take to be served after activation (2.x registers it a moment later). */
const ACTIVATION_WAIT_MS = 60 * 1000;

const packed = usePackedPackage();

function exampleWorkflow(line) {
	return { ...wf.readExample(MCP_EXAMPLE), id: wf.workflowId('McpExample', line), active: false };
}

/** The items a tool answered with (JSON text in the MCP result). */
function itemsOf(result) {
	expect(result.isError).toBeFalsy();
	const items = JSON.parse(toolText(result));
	expect(Array.isArray(items)).toBe(true);
	return items;
}

describe.each(['1', '2'])(
	'MCP Server Trigger offering the Siro tools in real n8n line %s',
	(line) => {
		let n8n;
		let fake;
		let url;
		const workflow = exampleWorkflow(line);
		const call = (fn) => withMcpClient(url, fn);

		beforeAll(async () => {
			await ensureN8n(line);
			fake = await startFakeSiro();
			n8n = new N8nInstance({ line });
			await n8n.installCommunityPackage(packed.tarball);
			await n8n.importCredentials([
				wf.siroCredential(fake.url, {
					organizationApiToken: DEMO.organizationApiToken,
					oauthBaseUrl: `${fake.url}/api-externalApi`,
				}),
			]);
			await n8n.importWorkflow(workflow);
			await n8n.start();
			const api = await n8n.login();
			const { data } = await api.get(`/rest/workflows/${workflow.id}`);
			await api.post(`/rest/workflows/${workflow.id}/activate`, { versionId: data.data.versionId });
			const trigger = workflow.nodes.find((node) => node.type.endsWith('.mcpTrigger'));
			url = `${n8n.baseUrl}/mcp/${trigger.parameters.path}`;
			// Served once the client can connect (404 until 2.x has registered the production URL).
			const deadline = Date.now() + ACTIVATION_WAIT_MS;
			for (;;) {
				try {
					await call(async () => {});
					break;
				} catch (error) {
					if (Date.now() > deadline) throw new Error(`${url} not served: ${error.message}`);
					await new Promise((resolve) => setTimeout(resolve, 500));
				}
			}
		});

		afterAll(async () => {
			await n8n?.cleanup();
			await fake?.close();
		});

		test('a client lists the Siro tools with the names, descriptions and parameters a model needs', async () => {
			const { tools } = await call((client) => client.listTools());
			const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
			expect(Object.keys(byName).sort()).toEqual(['Build_Record_Link', 'Find_User']);
			expect(byName.Build_Record_Link.description).toMatch(/^Makes a Siro record link/);
			expect(Object.keys(byName.Build_Record_Link.inputSchema.properties).sort()).toEqual([
				'action',
				'title',
			]);
			expect(byName.Build_Record_Link.inputSchema.properties.title.description).toMatch(
				/^Title of the new recording, only for action start \(empty for stop and restart\)/,
			);
			expect(Object.keys(byName.Find_User.inputSchema.properties)).toEqual(['email']);
		});

		test('Build Record Link called by the client answers with the exact link', async () => {
			const result = await call((client) =>
				client.callTool(
					{ name: 'Build_Record_Link', arguments: { action: 'start', title: TITLE } },
					undefined,
					{ timeout: REQUEST_TIMEOUT_MS },
				),
			);
			expect(itemsOf(result)).toEqual([
				{ recordLink: START_LINK, recordLinkWarnings: [], action: 'start', title: TITLE },
			]);
		});

		test('a refused call is answered with what is wrong and how to fix it, and the server goes on', async () => {
			const [refused, built] = await call(async (client) => [
				await client.callTool(
					{ name: 'Build_Record_Link', arguments: { action: 'stop', title: TITLE } },
					undefined,
					{ timeout: REQUEST_TIMEOUT_MS },
				),
				await client.callTool(
					{ name: 'Build_Record_Link', arguments: { action: 'stop', title: '' } },
					undefined,
					{ timeout: REQUEST_TIMEOUT_MS },
				),
			]);
			expect(itemsOf(refused)).toEqual([
				{
					error:
						'title is not valid for a stop link: Siro ignores it there. Remove title, or use action start.',
					field: 'title',
					fix: 'Remove title, or use action start.',
				},
			]);
			expect(toolText(refused)).not.toMatch(/\[item/);
			expect(itemsOf(built)[0].recordLink).toBe(buildRecordLink({ action: 'stop' }).url);
		});

		test('Find User called by the client finds the rep in the fake Siro', async () => {
			const rep = DEMO.users.demo;
			const result = await call((client) =>
				client.callTool(
					{ name: 'Find_User', arguments: { email: rep.email.toLowerCase() } },
					undefined,
					{ timeout: REQUEST_TIMEOUT_MS },
				),
			);
			expect(itemsOf(result)[0]).toMatchObject({ id: rep.id, email: rep.email });
		});
	},
);
