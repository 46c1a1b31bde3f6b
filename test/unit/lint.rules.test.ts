import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `npm run lint` applies n8n's community-node rules for real: a small package that follows them
 * (test/fixtures/lint-package) is clean, and breaking one rule at a time yields exactly that rule.
 */
const root = path.resolve(__dirname, '../..');
const fixture = path.join(root, 'test/fixtures/lint-package');
const NODE_FILE = 'nodes/Example/Example.node.ts';

type Finding = { file: string; line: number; ruleId: string | null; message: string };

interface Variant {
	/** What is broken. */
	name: string;
	file: string;
	from: string;
	to: string;
	/** The rule ids the lint must report, and nothing else. */
	expected: string[];
}

const VARIANTS: Variant[] = [
	{
		name: 'a setTimeout in a node',
		file: NODE_FILE,
		from: 'await sleep(10);',
		to: 'await sleep(10);\n\t\t\t\t\t\tawait new Promise((resolve) => setTimeout(resolve, 10));',
		expected: ['@n8n/community-nodes/no-restricted-globals'],
	},
	{
		name: 'a setTimeout with an inline eslint-disable (ignored, as n8n ignores it)',
		file: NODE_FILE,
		from: 'await sleep(10);',
		to: 'await sleep(10);\n\t\t\t\t\t\t// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals\n\t\t\t\t\t\tawait new Promise((resolve) => setTimeout(resolve, 10));',
		expected: ['@n8n/community-nodes/no-restricted-globals'],
	},
	{
		name: 'an output item without pairedItem',
		file: NODE_FILE,
		from: 'returnData.push({ json: { colour }, pairedItem: { item: i } });',
		to: 'returnData.push({ json: { colour } });',
		expected: ['@n8n/community-nodes/missing-paired-item'],
	},
	{
		name: 'a NodeOperationError without itemIndex',
		file: NODE_FILE,
		from: "'The item has no colour field', {\n\t\t\t\t\t\t\t\titemIndex: i,\n\t\t\t\t\t\t\t});",
		to: "'The item has no colour field');",
		expected: ['n8n-nodes-base/node-execute-block-error-missing-item-index'],
	},
	{
		name: 'options not sorted alphabetically',
		file: NODE_FILE,
		from: "{ name: 'Blue', value: 'blue' },\n\t\t\t\t\t{ name: 'Green', value: 'green' },",
		to: "{ name: 'Green', value: 'green' },\n\t\t\t\t\t{ name: 'Blue', value: 'blue' },",
		expected: ['n8n-nodes-base/node-param-options-type-unsorted-items'],
	},
	{
		name: 'a raw error rethrown from a catch',
		file: NODE_FILE,
		from: 'throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });',
		to: 'throw error;',
		expected: ['@n8n/community-nodes/require-node-api-error'],
	},
	{
		name: 'console output',
		file: NODE_FILE,
		from: 'await sleep(10);',
		to: 'await sleep(10);\n\t\t\t\t\t\tconsole.log(items.length);',
		expected: ['no-console'],
	},
	{
		name: 'a file-system import',
		file: NODE_FILE,
		from: "} from 'n8n-workflow';",
		to: "} from 'n8n-workflow';\nimport { readFileSync } from 'node:fs';\nexport const read = readFileSync;",
		expected: ['@n8n/community-nodes/no-restricted-imports'],
	},
	{
		name: 'a runtime dependency',
		file: 'package.json',
		from: '"peerDependencies": {',
		to: '"dependencies": {\n    "axios": "1.0.0"\n  },\n  "peerDependencies": {',
		expected: ['@n8n/community-nodes/no-runtime-dependencies'],
	},
	{
		name: 'a pinned n8n-workflow peer',
		file: 'package.json',
		from: '"n8n-workflow": "*"',
		to: '"n8n-workflow": "^1.0.0"',
		expected: ['@n8n/community-nodes/valid-peer-dependencies'],
	},
];

/** Copies the fixture per variant (node_modules linked for import resolution) and lints them all at once. */
function lintVariants(): Record<string, Finding[]> {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'siro-lint-rules-'));
	try {
		const folders: string[] = [];
		for (const variant of [undefined, ...VARIANTS]) {
			const folder = path.join(work, `variant-${folders.length}`);
			fs.cpSync(fixture, folder, { recursive: true });
			fs.symlinkSync(path.join(root, 'node_modules'), path.join(folder, 'node_modules'));
			if (variant) {
				const file = path.join(folder, variant.file);
				const source = fs.readFileSync(file, 'utf8');
				if (!source.includes(variant.from)) throw new Error(`fixture lacks: ${variant.from}`);
				fs.writeFileSync(file, source.replace(variant.from, variant.to));
			}
			folders.push(folder);
		}
		// eslint-plugin-n8n-nodes-base switches to its own test-fixture mode under NODE_ENV=test (set by jest).
		const { NODE_ENV: _jestSetsTest, ...env } = process.env;
		const output = execFileSync(
			process.execPath,
			[path.join(root, 'dev/lint/run.js'), ...folders],
			{ cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
		);
		const byFolder = JSON.parse(output.trim().split('\n').pop() ?? '{}');
		return Object.fromEntries(
			folders.map((folder, index) => [
				index === 0 ? 'clean' : VARIANTS[index - 1].name,
				byFolder[folder],
			]),
		);
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

describe("n8n's community-node lint (npm run lint)", () => {
	const findings = lintVariants();

	it('finds nothing in a node that follows the rules', () => {
		expect(findings.clean).toEqual([]);
	});

	it.each(VARIANTS.map((variant) => [variant.name, variant]))('reports %s', (name, variant) => {
		const ruleIds = findings[name].map((finding) => finding.ruleId);
		expect({ name, ruleIds }).toEqual({ name, ruleIds: variant.expected });
	});
});
