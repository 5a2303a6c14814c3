package com.bitfaster.mail.ui.internal.overview;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.IAxis.Position;
import org.eclipse.swtchart.IBarSeries;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries.SeriesType;
import org.eclipse.swtchart.Range;

import com.bitfaster.mail.ui.internal.Messages;

/**
 * A chart (SWTChart) of each server's recent sends: the success rate as bars (left axis, percent), the mean latency as
 * points (right axis, milliseconds).
 */
final class ServersOverviewChart {

	private final Chart chart;
	private final IBarSeries<?> rate;
	private final ILineSeries<?> latency;
	private final int latencyAxis;

	ServersOverviewChart(Composite parent) {
		chart = new Chart(parent, SWT.NONE);
		chart.getTitle().setText(Messages.Overview_chartTitle);
		IAxis x = chart.getAxisSet().getXAxis(0);
		x.getTitle().setVisible(false);
		x.enableCategory(true);
		x.setCategorySeries(new String[] { "" }); //$NON-NLS-1$
		IAxis y = chart.getAxisSet().getYAxis(0);
		y.getTitle().setText(Messages.Overview_rateAxis);
		latencyAxis = chart.getAxisSet().createYAxis();
		IAxis y2 = chart.getAxisSet().getYAxis(latencyAxis);
		y2.setPosition(Position.Secondary);
		y2.getTitle().setText(Messages.Overview_latencyAxis);
		rate = (IBarSeries<?>) chart.getSeriesSet().createSeries(SeriesType.BAR, Messages.Overview_rateSeries);
		rate.setBarColor(new Color(0x2e, 0x9e, 0x5b));
		rate.getLabel().setVisible(true);
		rate.getLabel().setFormat("0'%'"); //$NON-NLS-1$
		rate.setBarPadding(40);
		latency = (ILineSeries<?>) chart.getSeriesSet().createSeries(SeriesType.LINE, Messages.Overview_latencySeries);
		latency.setYAxisId(latencyAxis);
		latency.setLineStyle(org.eclipse.swtchart.LineStyle.NONE); // one point per server: a line between them means nothing
		latency.setSymbolColor(new Color(0xd8, 0x7b, 0x3b));
		latency.setSymbolType(ILineSeries.PlotSymbolType.CIRCLE);
		latency.setSymbolSize(5);
		latency.getLabel().setVisible(true);
		latency.getLabel().setFormat("0' ms'"); //$NON-NLS-1$
		set(List.of());
	}

	Chart control() {
		return chart;
	}

	void set(List<ServerOverviewRow> rows) {
		int n = Math.max(1, rows.size());
		String[] names = new String[n];
		double[] rates = new double[n];
		double[] latencies = new double[n];
		names[0] = ""; //$NON-NLS-1$
		for (int i = 0; i < rows.size(); i++) {
			ServerOverviewRow r = rows.get(i);
			names[i] = r.name();
			rates[i] = Math.max(0, 100 * r.stats().successRate());
			latencies[i] = Math.max(0, r.stats().meanLatencyMillis());
		}
		chart.getAxisSet().getXAxis(0).setCategorySeries(names);
		rate.setYSeries(rates);
		latency.setYSeries(latencies);
		chart.getAxisSet().adjustRange();
		chart.getAxisSet().getYAxis(0).setRange(new Range(0, 110));
		IAxis y2 = chart.getAxisSet().getYAxis(latencyAxis);
		y2.setRange(new Range(0, Math.max(10, y2.getRange().upper * 1.2)));
		chart.redraw();
	}
}
