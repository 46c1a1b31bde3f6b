import type { IExecuteFunctions } from 'n8n-workflow';

/** n8n's own test for an expression: a string parameter value that starts with "=". */
function containsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.charAt(0) === '=';
	if (Array.isArray(value)) return value.some(containsExpression);
	if (typeof value === 'object' && value !== null) return Object.values(value).some(containsExpression);
	return false;
}

/**
 * getNodeParameter for every item, except that a parameter the node holds without any expression in
 * it is read once: n8n gives it the same value for every item, and each read costs n8n a parameter
 * resolution (copying, type checks), several microseconds that add up over 10,000 items. A parameter
 * the node does not hold (hidden, or unknown to the caller) is read for every item, as before; so is
 * a read that throws, so each item still gets its own error.
 */
export class ItemParameters {
	private readonly fixedValues = new Map<string, unknown>();
	private readonly varies = new Map<string, boolean>();
	private nodeParameters: Record<string, unknown> | undefined;

	constructor(private readonly context: IExecuteFunctions) {}

	get(name: string, itemIndex: number, ...fallback: [] | [unknown]): unknown {
		if (this.fixedValues.has(name)) return this.fixedValues.get(name);
		const value =
			fallback.length === 0
				? this.context.getNodeParameter(name, itemIndex)
				: this.context.getNodeParameter(name, itemIndex, fallback[0]);
		if (!this.variesPerItem(name)) this.fixedValues.set(name, value);
		return value;
	}

	private variesPerItem(name: string): boolean {
		let varies = this.varies.get(name);
		if (varies === undefined) {
			// getNode() copies the node: once per execution.
			const parameters = (this.nodeParameters ??= this.context.getNode().parameters as Record<string, unknown>);
			varies = !Object.prototype.hasOwnProperty.call(parameters, name) || containsExpression(parameters[name]);
			this.varies.set(name, varies);
		}
		return varies;
	}
}
