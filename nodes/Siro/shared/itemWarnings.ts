import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * Collects per-item warnings and reports each distinct one once as an execution hint, naming the
 * items it concerns: 10,000 items with the same long-link warning make one hint, not 10,000.
 */
export class ItemWarnings {
	private readonly itemsByMessage = new Map<string, number[]>();

	add(itemIndex: number, warnings: string[]): void {
		for (const message of warnings) {
			const items = this.itemsByMessage.get(message);
			if (items) items.push(itemIndex);
			else this.itemsByMessage.set(message, [itemIndex]);
		}
	}

	reportAsHints(context: IExecuteFunctions): void {
		if (this.itemsByMessage.size === 0) return;
		const hints = [...this.itemsByMessage].map(([message, items]) => ({
			message: `${describeItems(items)}: ${message}`,
			type: 'warning' as const,
			location: 'outputPane' as const,
		}));
		context.addExecutionHints(...hints);
	}
}

function describeItems(items: number[]): string {
	const shown = items.slice(0, 5).join(', ');
	if (items.length === 1) return `Item ${shown}`;
	return items.length > 5 ? `Items ${shown} and ${items.length - 5} more` : `Items ${shown}`;
}
