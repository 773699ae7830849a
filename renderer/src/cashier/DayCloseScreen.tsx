// « Clôture de journée »: pick a day or a period (Paris days), read the true totals, print them
// (A4 or 80 mm), save them as PDF, export the accountant's CSV, and check the day against the
// platform's list. Keyboard first: the form submits with Entrée, every action is a button.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { ContractError, DayCheck, DayReport } from '../../../electron/common/contract';
import { parisDay } from '../../../electron/common/dates';
import { formatCents } from '../../../electron/common/money';
import { useLanguage, useT } from '../i18n/i18n';
import { useCompanion, useLink } from './companion-context';
import { DayReportView, dayText, parseDayText } from './DayReportView';
import { explainError } from './explain-error';
import { downloadCsv, reportShell, type SavedFile } from './report-files';
import { StatusBadge } from './StatusBadge';
import './print.css';

type Paper = 'a4' | '80mm';

export function DayCloseScreen() {
  const api = useCompanion();
  const link = useLink();
  const t = useT();
  const language = useLanguage();
  const [from, setFrom] = useState(() => dayText(parisDay()));
  const [to, setTo] = useState(() => dayText(parisDay()));
  const [fieldError, setFieldError] = useState<'from' | 'to' | null>(null);
  const [includeOtherTills, setIncludeOtherTills] = useState(false);
  const [report, setReport] = useState<DayReport | null>(null);
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<ContractError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [paper, setPaper] = useState<Paper>('a4');
  const [check, setCheck] = useState<DayCheck | null>(null);
  const [checking, setChecking] = useState(false);
  const generation = useRef(0);
  const shell = reportShell();

  const load = useCallback(
    async (period: { from: string; to: string; includeOtherTills: boolean }) => {
      const mine = ++generation.current;
      setLoading(true);
      setProblem(null);
      setCheck(null);
      const result = await api.report.day(period);
      if (mine !== generation.current) return;
      setLoading(false);
      if (result.ok) setReport(result.value);
      else {
        link.onError(result.error);
        setProblem(result.error);
      }
    },
    [api, link],
  );

  // The screen opens on today's report; later ones follow the form.
  useEffect(() => {
    const day = parisDay();
    void load({ from: day, to: day, includeOtherTills: false });
  }, [load]);

  function submit(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    const first = parseDayText(from);
    const last = to.trim() === '' ? first : parseDayText(to);
    setFieldError(first === null ? 'from' : last === null || (first !== null && last < first) ? 'to' : null);
    if (first === null || last === null || last < first) return;
    void load({ from: first, to: last, includeOtherTills });
  }

  const period = report ? { from: report.from, to: report.to } : null;
  const fileStem = period ? (period.from === period.to ? `cloture_${period.from}` : `cloture_${period.from}_${period.to}`) : 'cloture';

  function print() {
    setNotice(null);
    window.print();
  }

  function saved(result: SavedFile) {
    if (result.saved) setNotice(t.fileSaved(result.path));
    else if (result.reason === 'write_failed') setNotice(t.fileNotWritten);
  }

  async function savePdf() {
    if (shell) saved(await shell.saveReportPdf({ fileName: `${fileStem}.pdf` }));
    else {
      // A browser saves a PDF from its print dialog.
      setNotice(t.pdfBrowserHint);
      window.print();
    }
  }

  async function exportCsv() {
    if (!period) return;
    if (shell) saved(await shell.saveReportCsv(period));
    else setNotice((await downloadCsv(period)) ? t.downloadStarted : t.downloadFailed);
  }

  async function runCheck() {
    if (!period || period.from !== period.to) return;
    setChecking(true);
    setProblem(null);
    const result = await api.report.check({ day: period.from });
    setChecking(false);
    if (result.ok) setCheck(result.value);
    else {
      link.onError(result.error);
      setProblem(result.error);
    }
  }

  return (
    <section className={`screen day-close paper-${paper}`} aria-labelledby="day-close-title">
      <h2 id="day-close-title">{t.dayCloseTitle}</h2>
      <p className="intro no-print">{t.dayCloseIntro}</p>

      <form className="day-close-form no-print" onSubmit={submit}>
        <DayField id="day-close-from" label={t.periodFrom} value={from} onChange={setFrom} error={fieldError === 'from' ? t.dayFormat : null} />
        <DayField id="day-close-to" label={t.periodTo} value={to} onChange={setTo} error={fieldError === 'to' ? t.dayOrder : null} />
        <label className="checkbox">
          <input type="checkbox" checked={includeOtherTills} onChange={(e) => setIncludeOtherTills(e.target.checked)} />
          {t.includeOtherTills}
        </label>
        <button type="submit" className="primary" disabled={loading} aria-busy={loading || undefined}>
          {loading ? t.loadingReport : t.showReport}
        </button>
      </form>

      {problem ? (
        <p className="alert no-print" role="alert">
          {explainError(problem, language)}
        </p>
      ) : null}

      {report ? (
        <>
          <div className="day-close-actions no-print">
            <div role="group" aria-label={t.paperFormat} className="filters">
              {(['a4', '80mm'] as const).map((format) => (
                <button key={format} type="button" className="filter" aria-pressed={paper === format} onClick={() => setPaper(format)}>
                  {format === 'a4' ? t.paperA4 : t.paper80}
                </button>
              ))}
            </div>
            <button type="button" className="secondary" onClick={print}>
              {t.printReport}
            </button>
            <button type="button" className="secondary" onClick={() => void savePdf()}>
              {t.savePdf}
            </button>
            <button type="button" className="secondary" onClick={() => void exportCsv()}>
              {t.exportCsv}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => void runCheck()}
              disabled={checking || report.from !== report.to}
              title={report.from !== report.to ? t.checkOneDay : undefined}
            >
              {checking ? t.checking : t.checkPlatform}
            </button>
          </div>
          <p className="muted no-print" role="status">
            {notice ?? ''}
          </p>
          {check ? <DayCheckView check={check} /> : null}
          <DayReportView report={report} />
        </>
      ) : null}
    </section>
  );
}

/** A day typed the French way, `jj/mm/aaaa`. */
function DayField(props: { id: string; label: string; value: string; error: string | null; onChange(value: string): void }) {
  const t = useT();
  const hint = `${props.id}-hint`;
  const error = `${props.id}-error`;
  return (
    <div className={props.error ? 'field field-invalid' : 'field'}>
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        value={props.value}
        inputMode="numeric"
        autoComplete="off"
        maxLength={10}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${hint} ${error}` : hint}
        onChange={(event) => props.onChange(event.target.value)}
      />
      <p id={hint} className="field-hint">
        {t.dayHint}
      </p>
      {props.error ? (
        <p id={error} className="field-error">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

function DayCheckView({ check }: { check: DayCheck }) {
  const t = useT();
  const language = useLanguage();
  const side = (value: DayCheck['differences'][number]['local']) =>
    value ? (
      <>
        <StatusBadge status={value.status} /> {formatCents(value.amountReceived, language)} / {formatCents(value.amountRequested, language)}
      </>
    ) : (
      '—'
    );
  return (
    <section className="report-section day-check" aria-labelledby="day-check-title">
      <h3 id="day-check-title">
        {check.differences.length === 0 ? t.checkMatches(check.matching) : t.checkDifferences(check.differences.length)}
      </h3>
      <p className="muted">
        {dayText(check.day)} — {t.checkCounts(check.localCount, check.platformCount)}
      </p>
      {check.differences.length > 0 ? (
        <table className="report-table">
          <thead>
            <tr>
              <th scope="col">{t.basketShort}</th>
              <th scope="col">{t.differenceColumn}</th>
              <th scope="col">{t.logSide}</th>
              <th scope="col">{t.platformSide}</th>
            </tr>
          </thead>
          <tbody>
            {check.differences.map((difference) => (
              <tr key={`${difference.kind}-${difference.platformId ?? difference.operationId}`} className={`difference-${difference.kind}`}>
                <th scope="row">{difference.basketNumber}</th>
                <td>{t.differenceKind[difference.kind]}</td>
                <td>{side(difference.local)}</td>
                <td>{side(difference.platform)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
