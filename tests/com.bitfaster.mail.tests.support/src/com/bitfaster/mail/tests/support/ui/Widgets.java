package com.bitfaster.mail.tests.support.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IWorkbenchPart;

/**
 * Finds controls in a widget tree, as page objects do: by the data key a form puts on its fields, by type or by label;
 * and works them with the events a user's click or choice sends.
 */
public final class Widgets {

	private Widgets() {
	}

	/** @return the control below {@code root} whose data under {@code dataKey} is {@code value}; fails if none */
	@SuppressWarnings("unchecked")
	public static <T extends Control> T field(Composite root, String dataKey, String value) {
		return (T) find(root, dataKey, value).orElseThrow(() -> new AssertionError("no control for field " + value)); //$NON-NLS-1$
	}

	public static Optional<Control> find(Composite root, String dataKey, String value) {
		for (Control child : root.getChildren()) {
			if (value.equals(child.getData(dataKey))) {
				return Optional.of(child);
			}
			if (child instanceof Composite composite) {
				Optional<Control> inner = find(composite, dataKey, value);
				if (inner.isPresent()) {
					return inner;
				}
			}
		}
		return Optional.empty();
	}

	/** @return the controls of {@code type} below {@code root}, depth first, in the order they were created */
	public static <T extends Control> List<T> all(Composite root, Class<T> type) {
		List<T> found = new ArrayList<>();
		for (Control child : root.getChildren()) {
			if (type.isInstance(child)) {
				found.add(type.cast(child));
			}
			if (child instanceof Composite composite) {
				found.addAll(all(composite, type));
			}
		}
		return found;
	}

	/** @return the only control of {@code type} below {@code root}; fails if there is none or more than one */
	public static <T extends Control> T only(Composite root, Class<T> type) {
		List<T> found = all(root, type);
		if (found.size() != 1) {
			throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size()); //$NON-NLS-1$ //$NON-NLS-2$
		}
		return found.get(0);
	}

	/** @return the button below {@code root} labelled {@code text}; fails if there is none */
	public static Button button(Composite root, String text) {
		return all(root, Button.class).stream().filter(b -> text.equals(b.getText())).findFirst()
				.orElseThrow(() -> new AssertionError("no button " + text)); //$NON-NLS-1$
	}

	/** Clicks a push button, as a user does: only when it is enabled. */
	public static void press(Button button) {
		if (!button.isEnabled()) {
			throw new AssertionError(button.getText() + " is disabled"); //$NON-NLS-1$
		}
		button.notifyListeners(SWT.Selection, new Event());
	}

	/** Chooses {@code item} in a combo, as a user picking it from the list does; fails if the combo does not offer it. */
	public static void select(Combo combo, String item) {
		int index = combo.indexOf(item);
		if (index < 0) {
			throw new AssertionError("no item " + item + " in " + List.of(combo.getItems())); //$NON-NLS-1$ //$NON-NLS-2$
		}
		select(combo, index);
	}

	/** Chooses the item at {@code index} in a combo, as a user picking it from the list does. */
	public static void select(Combo combo, int index) {
		combo.select(index);
		combo.notifyListeners(SWT.Selection, new Event());
	}

	/** Checks or unchecks a row of a table with check boxes, as a click on its box does. */
	public static void check(TableItem item, boolean checked) {
		item.setChecked(checked);
		Event event = new Event();
		event.item = item;
		event.detail = SWT.CHECK;
		item.getParent().notifyListeners(SWT.Selection, event);
	}

	/** @return the composite a view or editor created its controls in */
	public static Composite partControl(IWorkbenchPart part) {
		return (Composite) part.getSite().getService(MPart.class).getWidget();
	}
}
