package com.bitfaster.mail.cli.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Command-line arguments: positional words and {@code --option value} pairs (an option may repeat); flags are the
 * options that take no value. Unknown options are refused, so a typo is never silently ignored.
 */
final class Arguments {

	private final List<String> positionals = new ArrayList<>();
	private final Map<String, List<String>> options = new LinkedHashMap<>();

	Arguments(List<String> args, Set<String> valueOptions, Set<String> flags) throws CliException {
		for (int i = 0; i < args.size(); i++) {
			String a = args.get(i);
			if (a.startsWith("--") && a.length() > 2) { //$NON-NLS-1$
				String name = a.substring(2);
				String value = null;
				int eq = name.indexOf('=');
				if (eq > 0) {
					value = name.substring(eq + 1);
					name = name.substring(0, eq);
				}
				if (flags.contains(name) && value == null) {
					options.computeIfAbsent(name, k -> new ArrayList<>()).add("true"); //$NON-NLS-1$
				} else if (valueOptions.contains(name)) {
					if (value == null) {
						if (i + 1 >= args.size()) {
							throw CliException.usage("--" + name + " needs a value."); //$NON-NLS-1$ //$NON-NLS-2$
						}
						value = args.get(++i);
					}
					options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
				} else {
					throw CliException.usage("Unknown option --" + name + "; see --help."); //$NON-NLS-1$ //$NON-NLS-2$
				}
			} else {
				positionals.add(a);
			}
		}
	}

	List<String> positionals() {
		return positionals;
	}

	boolean flag(String name) {
		return options.containsKey(name);
	}

	boolean has(String name) {
		return options.containsKey(name);
	}

	Optional<String> option(String name) {
		List<String> values = options.get(name);
		return values == null ? Optional.empty() : Optional.of(values.get(values.size() - 1));
	}

	List<String> all(String name) {
		return options.getOrDefault(name, List.of());
	}

	String required(String name) throws CliException {
		return option(name).orElseThrow(() -> CliException.usage("--" + name + " is required; see --help.")); //$NON-NLS-1$ //$NON-NLS-2$
	}

	int integer(String name, int fallback) throws CliException {
		Optional<String> v = option(name);
		if (v.isEmpty()) {
			return fallback;
		}
		try {
			return Integer.parseInt(v.get().strip());
		} catch (NumberFormatException e) {
			throw CliException.usage("--" + name + " must be a whole number, not '" + v.get() + "'."); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		}
	}
}
