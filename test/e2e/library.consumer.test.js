/**
 * The library as a user installs it (dev/consumer/check.js): the packed tarball in an empty project on
 * Node 20, 22 and 24 installs alone, and the TypeScript of docs/library.md compiles under
 * `tsc --strict` and runs as CommonJS and as an ES module.
 */
const { checkConsumer, WORKED_EXAMPLE } = require('../../dev/consumer/check');

jest.setTimeout(15 * 60 * 1000);

describe('n8n-nodes-siro as a library in an empty project', () => {
	it.each([20, 22, 24])(
		'on Node %i: installs alone, compiles the snippets of docs/library.md strictly, runs them as require and import',
		async (major) => {
			const report = await checkConsumer({ majors: [major] });
			const [line] = report.lines;
			expect(line.node.split('.')[0]).toBe(String(major));
			expect(report.snippets).toBeGreaterThan(0);
			// checkConsumer throws on any failed step; the probe's own output is checked here as well.
			expect(JSON.parse(line.outputs['probe (import)'])).toMatchObject({
				url: WORKED_EXAMPLE.url,
				valid: true,
				refused: 'title',
			});
		},
	);
});
