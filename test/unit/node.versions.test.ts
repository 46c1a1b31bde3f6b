/**
 * Node version 1.1: Build Record Link's integration connection changed type (a text field became a
 * resource locator), so it is a new version, as n8n's own nodes do it; a version-1 workflow keeps its
 * text field and runs unchanged. Shown fields are checked with n8n's own display logic.
 */
import { NodeHelpers, type INodeParameters } from 'n8n-workflow';

import { Siro } from '../../nodes/Siro/Siro.node';
import { runSiroNode } from './support/runSiroNode';

const description = new Siro().description;

/** The parameters n8n's editor shows (and stores defaults for) on a node at `typeVersion`. */
function shownParameters(typeVersion: number, values: INodeParameters): INodeParameters {
	return NodeHelpers.getNodeParameters(
		description.properties,
		values,
		true,
		false,
		{ typeVersion },
		description,
	)!;
}

const startWithCrm: INodeParameters = {
	resource: 'recordLink',
	operation: 'build',
	recordAction: 'start',
	crmObjectsInput: 'fields',
	crmObjects: { crmObject: [{ objectType: 'Opportunity', objectId: '006A1' }] },
};

describe('Siro node versions', () => {
	it('has versions 1 and 1.1, new nodes at 1.1', () => {
		expect(description.version).toEqual([1, 1.1]);
		expect(description.defaultVersion).toBe(1.1);
	});

	it('shows the text field Integration Connection ID at version 1 and the locator at 1.1', () => {
		const v1 = shownParameters(1, startWithCrm);
		expect(v1).toHaveProperty('integrationConnectionId', '');
		expect(v1).not.toHaveProperty('integrationConnection');

		const v11 = shownParameters(1.1, startWithCrm);
		expect(v11).toHaveProperty('integrationConnection', { __rl: true, mode: 'list', value: '' });
		expect(v11).not.toHaveProperty('integrationConnectionId');
	});

	it('keeps both hidden for a stop link, at both versions', () => {
		for (const version of [1, 1.1]) {
			const shown = shownParameters(version, { ...startWithCrm, recordAction: 'stop' });
			expect(shown).not.toHaveProperty('integrationConnectionId');
			expect(shown).not.toHaveProperty('integrationConnection');
		}
	});

	it('lists the locator modes From List and By ID, From List searching the connections', () => {
		const locator = description.properties.find(({ name }) => name === 'integrationConnection');
		expect(locator?.type).toBe('resourceLocator');
		expect(locator?.modes?.map(({ name }) => name)).toEqual(['list', 'id']);
		expect(locator?.modes?.[0].typeOptions?.searchListMethod).toBe('searchIntegrationConnections');
		expect(Object.keys(new Siro().methods.listSearch)).toContain('searchIntegrationConnections');
	});
});

describe('Build Record Link at each version (no Siro call needed)', () => {
	const link =
		'https://app.siro.ai/record?action=start&integrationConnectionId=conn-1&crmObjects=%5B%7B%22objectType%22%3A%22Opportunity%22%2C%22objectId%22%3A%22006A1%22%7D%5D';

	it('reads a version-1 workflow’s Integration Connection ID text field', async () => {
		const { output } = await runSiroNode({
			credentials: undefined,
			node: { typeVersion: 1 },
			parameters: { ...startWithCrm, integrationConnectionId: 'conn-1' },
		});
		expect(output[0].json.recordLink).toBe(link);
	});

	it('reads the locator at 1.1, whichever mode, and ignores a leftover text value', async () => {
		for (const mode of ['list', 'id']) {
			const { output } = await runSiroNode({
				credentials: undefined,
				node: { typeVersion: 1.1 },
				parameters: {
					...startWithCrm,
					integrationConnection: { __rl: true, mode, value: 'conn-1' },
					integrationConnectionId: 'stale-from-version-1',
				},
			});
			expect(output[0].json.recordLink).toBe(link);
		}
	});

	it('applies the link rules to the locator value: a number past 2^53 is refused, naming the field', async () => {
		const run = runSiroNode({
			credentials: undefined,
			node: { typeVersion: 1.1 },
			continueOnFail: true,
			parameters: {
				...startWithCrm,
				integrationConnection: { __rl: true, mode: 'id', value: 4150868000000224005 },
			},
		});
		const { output } = await run;
		expect(output[0].json).toMatchObject({ field: 'integrationConnectionId' });
		expect(String(output[0].json.error)).toMatch(/cannot be an exact ID/);
	});

	it('says CRM objects need a connection when the locator is left empty at 1.1', async () => {
		const { output } = await runSiroNode({
			credentials: undefined,
			node: { typeVersion: 1.1 },
			continueOnFail: true,
			parameters: {
				...startWithCrm,
				integrationConnection: { __rl: true, mode: 'list', value: '' },
			},
		});
		expect(output[0].json).toMatchObject({ field: 'integrationConnectionId' });
	});
});
