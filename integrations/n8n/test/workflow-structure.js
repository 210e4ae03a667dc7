// Checks a workflow export against node type descriptions: every parameter a node sets must be a parameter its type
// shows for the node's other settings (resource, operation, ...), option values must be among the type's options,
// required parameters must be set, and connections must join existing nodes on outputs the node has.

function isExpression(value) {
	return typeof value === 'string' && value.startsWith('=');
}

function valueOf(parameters, property) {
	return parameters[property.name] !== undefined ? parameters[property.name] : property.default;
}

function shown(property, parameters, properties) {
	const options = property.displayOptions;
	if (!options) return true;
	const current = (name) => {
		const owner = properties.find((p) => p.name === name && shown(p, parameters, properties));
		return parameters[name] !== undefined ? parameters[name] : owner ? owner.default : undefined;
	};
	for (const [name, values] of Object.entries(options.show ?? {})) {
		if (!values.includes(current(name))) return false;
	}
	for (const [name, values] of Object.entries(options.hide ?? {})) {
		if (values.includes(current(name))) return false;
	}
	return true;
}

function checkValue(property, value, where, problems) {
	if (isExpression(value)) return;
	switch (property.type) {
		case 'options':
			if (!property.options.some((option) => option.value === value)) {
				problems.push(`${where}: "${value}" is not an option (${property.options.map((o) => o.value).join(', ')})`);
			}
			break;
		case 'collection':
			if (typeof value !== 'object' || value === null || Array.isArray(value)) {
				problems.push(`${where}: a collection must be an object`);
				break;
			}
			for (const [name, inner] of Object.entries(value)) {
				const option = property.options.find((o) => o.name === name);
				if (!option) problems.push(`${where}.${name}: not a field of the collection`);
				else checkValue(option, inner, `${where}.${name}`, problems);
			}
			break;
		case 'fixedCollection':
			for (const [name, entries] of Object.entries(value ?? {})) {
				const group = property.options.find((o) => o.name === name);
				if (!group) {
					problems.push(`${where}.${name}: not a group of the collection`);
					continue;
				}
				for (const entry of Array.isArray(entries) ? entries : [entries]) {
					for (const [field, inner] of Object.entries(entry)) {
						const option = group.values.find((v) => v.name === field);
						if (!option) problems.push(`${where}.${name}.${field}: not a field of the group`);
						else checkValue(option, inner, `${where}.${name}.${field}`, problems);
					}
				}
			}
			break;
		case 'number':
			if (typeof value !== 'number') problems.push(`${where}: must be a number`);
			break;
		case 'boolean':
			if (typeof value !== 'boolean') problems.push(`${where}: must be true or false`);
			break;
		case 'string':
			if (typeof value !== 'string') problems.push(`${where}: must be a string`);
			break;
	}
}

function checkParameters(node, description, problems) {
	const parameters = node.parameters ?? {};
	const properties = description.properties;
	for (const [name, value] of Object.entries(parameters)) {
		const candidates = properties.filter((p) => p.name === name);
		const property = candidates.find((p) => shown(p, parameters, properties));
		if (!property) {
			problems.push(
				candidates.length === 0
					? `${node.name}: "${name}" is not a parameter of ${node.type}`
					: `${node.name}: "${name}" is not shown for these settings`,
			);
			continue;
		}
		checkValue(property, value, `${node.name}.${name}`, problems);
	}
	for (const property of properties) {
		if (!property.required || !shown(property, parameters, properties)) continue;
		const value = valueOf(parameters, property);
		if (value === '' || value === undefined || value === null) {
			problems.push(`${node.name}: required parameter "${property.name}" is empty`);
		}
	}
}

function outputCount(node, description) {
	if (Array.isArray(description.outputs)) return description.outputs.length;
	const configured = description.configuredOutputs;
	return configured ? configured(node.parameters ?? {}).length : 1;
}

/** Problems found in `workflow`; `types` maps node type names (package.nodeName) to { description, configuredOutputs }. */
function checkWorkflow(workflow, types) {
	const problems = [];
	const nodes = new Map();
	for (const node of workflow.nodes ?? []) {
		if (nodes.has(node.name)) problems.push(`two nodes are named "${node.name}"`);
		nodes.set(node.name, node);
		const type = types[node.type];
		if (!type) continue;
		if (!type.description.version || ![].concat(type.description.version).includes(node.typeVersion)) {
			problems.push(`${node.name}: typeVersion ${node.typeVersion} is not a version of ${node.type}`);
		}
		checkParameters(node, type.description, problems);
		for (const credential of type.description.credentials ?? []) {
			if (credential.required && !node.credentials?.[credential.name]) {
				problems.push(`${node.name}: no "${credential.name}" credential`);
			}
		}
	}
	for (const [source, byType] of Object.entries(workflow.connections ?? {})) {
		const node = nodes.get(source);
		if (!node) {
			problems.push(`connections from "${source}", which is not a node`);
			continue;
		}
		const type = types[node.type];
		const outputs = byType.main ?? [];
		if (type && outputs.length > outputCount(node, { ...type.description, configuredOutputs: type.configuredOutputs })) {
			problems.push(`${source}: connects ${outputs.length} outputs, the node has fewer`);
		}
		for (const targets of outputs) {
			for (const target of targets ?? []) {
				if (!nodes.has(target.node)) problems.push(`${source} connects to "${target.node}", which is not a node`);
			}
		}
	}
	return problems;
}

module.exports = { checkWorkflow };
