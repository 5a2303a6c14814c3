package com.bitfaster.mail.ui.internal.inbox;

import java.util.Comparator;

import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerComparator;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.TableColumn;

/** Sorts a table by the column whose header was clicked last; a second click reverses the order. */
final class ColumnSorter<T> extends ViewerComparator {

	private final TableViewer viewer;
	private Comparator<T> order = (a, b) -> 0;
	private TableColumn column;
	private boolean descending;

	ColumnSorter(TableViewer viewer) {
		this.viewer = viewer;
		viewer.setComparator(this);
	}

	/** Makes {@code header} sort by {@code comparator} when clicked. */
	void sortable(TableColumn header, Comparator<T> comparator) {
		header.addListener(SWT.Selection, e -> sortBy(header, comparator,
				header == column ? !descending : false));
	}

	void sortBy(TableColumn header, Comparator<T> comparator, boolean newestFirst) {
		column = header;
		order = comparator;
		descending = newestFirst;
		viewer.getTable().setSortColumn(header);
		viewer.getTable().setSortDirection(descending ? SWT.DOWN : SWT.UP);
		viewer.refresh();
	}

	@Override
	@SuppressWarnings("unchecked")
	public int compare(Viewer v, Object a, Object b) {
		int result = order.compare((T) a, (T) b);
		return descending ? -result : result;
	}
}
