package com.bitfaster.mail.core;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a server's settings are refused; {@link #problems()} says which field and why. */
public class ServerValidationException extends IllegalArgumentException {
	private static final long serialVersionUID = 1L;

	private final transient List<FieldProblem> problems;

	public ServerValidationException(List<FieldProblem> problems) {
		super(problems.stream().map(FieldProblem::message).collect(Collectors.joining(" "))); //$NON-NLS-1$
		this.problems = List.copyOf(problems);
	}

	public List<FieldProblem> problems() {
		return problems;
	}
}
