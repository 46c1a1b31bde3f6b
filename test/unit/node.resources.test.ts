/**
 * The node description derives from its resource folders: menus, which fields show for which
 * operation, the subtitle, and when the credential selector is shown.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { conversationType } from '../../nodes/Siro/actions/conversationType/ConversationType.resource';
import { engagement } from '../../nodes/Siro/actions/engagement/Engagement.resource';
import { integrationConnection } from '../../nodes/Siro/actions/integrationConnection/IntegrationConnection.resource';
import { mobileEvent } from '../../nodes/Siro/actions/mobileEvent/MobileEvent.resource';
import { opportunity } from '../../nodes/Siro/actions/opportunity/Opportunity.resource';
import { recordLink } from '../../nodes/Siro/actions/recordLink/RecordLink.resource';
import { recording } from '../../nodes/Siro/actions/recording/Recording.resource';
import { user } from '../../nodes/Siro/actions/user/User.resource';
import { describeResources, runOperation } from '../../nodes/Siro/actions/resources';
import type { SiroResource } from '../../nodes/Siro/actions/types';
import { Siro } from '../../nodes/Siro/Siro.node';

const description = new Siro().description;
const resources = [
	recordLink,
	user,
	integrationConnection,
	mobileEvent,
	recording,
	engagement,
	opportunity,
	conversationType,
];

function fieldsShownFor(resource: string, operation: string): INodeProperties[] {
	return description.properties.filter((property) => {
		const show = property.displayOptions?.show;
		return show?.resource?.includes(resource) && show?.operation?.includes(operation);
	});
}

describe('the node description derived from the resource folders', () => {
	it('lists every resource, and for each its operations with their actions', () => {
		const [resourceMenu] = description.properties;
		expect(resourceMenu.name).toBe('resource');
		expect(resourceMenu.options).toEqual(resources.map(({ name, value }) => ({ name, value })));
		for (const resource of resources) {
			const menu = description.properties.find(
				(property) =>
					property.name === 'operation' &&
					property.displayOptions?.show?.resource?.[0] === resource.value,
			);
			expect(
				menu?.options?.map((option) => ('action' in option ? option.action : undefined)),
			).toEqual(resource.operations.map((operation) => operation.action));
		}
	});

	it("shows each operation's fields for that resource and operation only", () => {
		for (const resource of resources) {
			for (const operation of resource.operations) {
				expect(fieldsShownFor(resource.value, operation.value).map(({ name }) => name)).toEqual(
					operation.properties.map(({ name }) => name),
				);
			}
		}
		// Build's own conditions (which action shows a field) survive the merge.
		const title = fieldsShownFor('recordLink', 'build').find(({ name }) => name === 'title');
		expect(title?.displayOptions?.show?.recordAction).toEqual(['start']);
	});

	it('names every operation in the subtitle', () => {
		const subtitle = description.subtitle as string;
		const map = JSON.parse(subtitle.slice('={{ '.length, subtitle.indexOf('[$parameter')));
		expect(map).toEqual({
			'recordLink.build': 'Build record link',
			'recordLink.parse': 'Parse record link',
			'recordLink.checkDelivery': 'Check record link delivery',
			'user.find': 'Find a user',
			'user.get': 'Get a user',
			'user.getAll': 'Get many users',
			'user.create': 'Create a user',
			'user.update': 'Update a user',
			'user.deactivate': 'Deactivate a user',
			'integrationConnection.getAll': 'Get many integration connections',
			'mobileEvent.getAll': 'Get many mobile events',
			'recording.get': 'Get a recording',
			'recording.getAll': 'Get many recordings',
			'recording.getSummary': 'Get the summary of a recording',
			'recording.getTranscript': 'Get the transcript of a recording',
			'recording.linkToCrmRecord': 'Link a recording to a CRM record',
			'recording.unlinkFromCrmRecord': 'Unlink a recording from a CRM record',
			'engagement.sync': 'Sync an engagement',
			'engagement.get': 'Get an engagement',
			'engagement.getManyEngagementUsers': 'Get many engagement users',
			'opportunity.sync': 'Sync an opportunity',
			'conversationType.getAll': 'List conversation types',
		});
	});

	it('shows the credential exactly for operations that send a Siro token', () => {
		expect(description.credentials?.[0].displayOptions?.show?.operation).toEqual([
			'build',
			'checkDelivery',
			'find',
			'get',
			'getAll',
			'create',
			'update',
			'deactivate',
			'getSummary',
			'getTranscript',
			'linkToCrmRecord',
			'unlinkFromCrmRecord',
			'sync',
			'getManyEngagementUsers',
		]);
	});

	it('refuses an operation value shared by an operation with and one without Siro', () => {
		const clashing: SiroResource = {
			value: 'other',
			name: 'Other',
			operations: [{ ...recordLink.operations[1], value: 'build' }],
		};
		expect(() => describeResources([recordLink, clashing])).toThrow(
			'Operation value "build" is used both with and without Siro credentials',
		);
	});

	it('refuses to run an operation the node does not have', async () => {
		const context = {
			getInputData: () => [{ json: {} }],
			getNodeParameter: (name: string) => (name === 'resource' ? 'recordLink' : 'delete'),
			getNode: () => ({ name: 'Siro' }),
		} as unknown as IExecuteFunctions;
		await expect(runOperation.call(context, resources)).rejects.toThrow(
			'The operation "delete" on "recordLink" is not supported',
		);
	});
});
