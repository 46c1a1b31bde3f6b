'use strict';
/**
 * An MCP client for n8n's MCP Server Trigger offering the Siro tools, made with the official MCP
 * TypeScript SDK (@modelcontextprotocol/sdk, a devDependency): it lists the tools and calls Build
 * Record Link, over Streamable HTTP (MCP Server Trigger 2).
 *
 *   node dev/mcp/call.js http://localhost:5678/mcp/siro-tools [--title "Jones residence – roof inspection"]
 *
 *   const { withMcpClient, toolText } = require('./call');
 *   await withMcpClient(url, async (client) => {
 *     const { tools } = await client.listTools();
 *     const result = await client.callTool({ name: 'Build_Record_Link', arguments: { action: 'start', title } });
 *   });
 *
 * The same code drives the MCP end-to-end test (test/e2e/mcp.e2e.test.js) and `npm start`'s MCP example.
 */
const { parseArgs } = require('node:util');
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const {
	StreamableHTTPClientTransport,
} = require('@modelcontextprotocol/sdk/client/streamableHttp.js');

/** How long one MCP request may take: a tool call runs a Siro node in n8n (and may call Siro). */
const REQUEST_TIMEOUT_MS = 60 * 1000;

/**
 * Connects to the MCP server at `url`, runs `fn(client)` and closes the connection however fn ends.
 * @param {string} url the MCP Server Trigger's production (or test) URL
 * @param {(client: Client) => Promise<T>} fn
 * @param {{headers?: Record<string, string>}} [options] e.g. the Authorization header
 * @returns {Promise<T>}
 * @template T
 */
async function withMcpClient(url, fn, { headers } = {}) {
	const client = new Client({ name: 'n8n-nodes-siro-dev', version: '1.0.0' });
	const transport = new StreamableHTTPClientTransport(new URL(url), {
		requestInit: headers ? { headers } : undefined,
	});
	await client.connect(transport, { timeout: REQUEST_TIMEOUT_MS });
	try {
		return await fn(client);
	} finally {
		await client.close();
	}
}

/** The text of a tool result (MCP content blocks of type text, joined). */
function toolText(result) {
	return (result.content ?? [])
		.filter((block) => block.type === 'text')
		.map((block) => block.text)
		.join('');
}

async function main() {
	const { values, positionals } = parseArgs({
		allowPositionals: true,
		options: {
			title: { type: 'string', default: 'Jones residence – roof inspection' },
			action: { type: 'string', default: 'start' },
		},
	});
	const [url] = positionals;
	if (!url) {
		console.error(
			'usage: node dev/mcp/call.js <MCP Server Trigger URL> [--action start] [--title …]',
		);
		process.exitCode = 2;
		return;
	}
	await withMcpClient(url, async (client) => {
		const { tools } = await client.listTools(undefined, { timeout: REQUEST_TIMEOUT_MS });
		console.log(`${tools.length} tool(s):`);
		for (const tool of tools) {
			const parameters = Object.keys(tool.inputSchema?.properties ?? {}).join(', ');
			console.log(`  ${tool.name}(${parameters}): ${tool.description}`);
		}
		const args = { action: values.action, ...(values.title ? { title: values.title } : {}) };
		console.log(`\nBuild_Record_Link ${JSON.stringify(args)} →`);
		const result = await client.callTool(
			{ name: 'Build_Record_Link', arguments: args },
			undefined,
			{
				timeout: REQUEST_TIMEOUT_MS,
			},
		);
		console.log(`  ${toolText(result)}${result.isError ? '  (isError)' : ''}`);
	});
}

module.exports = { withMcpClient, toolText, REQUEST_TIMEOUT_MS };

if (require.main === module) {
	main().catch((error) => {
		console.error(error.message);
		process.exitCode = 1;
	});
}
