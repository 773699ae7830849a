// The accountant's CSV lines are written by hand for speed, by Papa Parse's rule: held here to
// Papa's own output, cell by cell on every awkward value, and line by line on random rows.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvCell, csvHeaderText, csvLineWriter, type CsvRow, type CsvWords } from '../../electron/core/reports/csv-lines';
import { formatAmount, parisMinuteFormatter } from '../../electron/core/reports/csv-values';
import { seededRandom } from '../bench/log-fixture';

/** How the export wrote its cells with Papa Parse: `;`, CRLF, formulas made text. */
const PAPA = { delimiter: ';', newline: '\r\n', escapeFormulae: /^[=+\-@\t\r]/, header: false } as const;
const papaCell = (value: string | null) => Papa.unparse([[value]], PAPA);

const AWKWARD = [
  '', 'a', ' a', 'a ', ' ', 'a;b', ';', 'a"b', '"', '""', 'a\nb', 'a\rb', '\r\n', '\ufeffx', 'x\ufeff',
  '=SUM(A1:A9)', '+33 6 12 34 56 78', '-5POUR100', '@cmd', '\tx', '\rx', '=a"b;c', '- ', "'=déjà", 'Glaces "à l’italienne"',
  'Emplacement 12; bord du lac', 'é « » ’ — €', 'Libellé\u2028ligne', 'a,b', "l'été",
];

function randomText(random: () => number): string {
  const pieces = ['a', 'Z', '9', ' ', ';', '"', '\r', '\n', '\t', '=', '+', '-', '@', ',', "'", 'é', '€', '\ufeff', '«'];
  let text = '';
  for (let i = Math.floor(random() * 6); i > 0; i--) text += pieces[Math.floor(random() * pieces.length)];
  return text;
}

describe('csvCell', () => {
  it('writes every awkward value exactly as Papa Parse does', () => {
    for (const value of AWKWARD) expect(csvCell(value), JSON.stringify(value)).toBe(papaCell(value));
    expect(csvCell(null)).toBe(papaCell(null));
  });

  it('agrees with Papa Parse on 20 000 random short texts', () => {
    const random = seededRandom(13);
    for (let i = 0; i < 20_000; i++) {
      const value = randomText(random);
      expect(csvCell(value), JSON.stringify(value)).toBe(papaCell(value));
    }
  });

  it('writes the header as Papa Parse does, after the BOM', () => {
    const header = ['Date de création', 'Montant demandé', 'Demande d’origine', 'a;b'];
    expect(csvHeaderText(header)).toBe(`\ufeff${Papa.unparse([header], PAPA)}\r\n`);
  });
});

const WORDS: CsvWords = {
  status: { pending: 'En attente de paiement', validated: 'Validé', failed: 'Échec' },
  origin: { cashier: 'Écran caisse', 'caisse-ap': 'Logiciel de caisse (Caisse-AP)' },
  means: { cash: 'Espèces', paper_cheque_vacances: 'Chèque-Vacances papier' },
};

/** The export's lines as Papa Parse wrote them: each cell formatted, then the rows unparsed. */
function papaLines(rows: CsvRow[]): string {
  const created = parisMinuteFormatter();
  const updated = parisMinuteFormatter();
  const collected = parisMinuteFormatter();
  const word = (words: Record<string, string>, value: string | number | null) => (value === null ? null : (words[value as string] ?? value));
  const cells = rows.map((r) => [
    created(r[0] as string),
    updated(r[1] as string),
    word(WORDS.status, r[2]!),
    r[3],
    formatAmount(r[4] as number),
    formatAmount(r[5] as number),
    formatAmount(r[6] as number),
    word(WORDS.means, r[7]!),
    r[8] === null ? null : formatAmount(r[8] as number),
    r[9] === null ? null : collected(r[9] as string),
    ...r.slice(10, 14),
    word(WORDS.origin, r[14]!),
    ...r.slice(15),
  ]);
  return cells.length === 0 ? '' : `${Papa.unparse(cells, PAPA)}\r\n`;
}

describe('csvLineWriter', () => {
  it('writes random rows line for line as Papa Parse did, across both daylight-saving nights', () => {
    const random = seededRandom(29);
    const text = (nullable: boolean) => (nullable && random() < 0.4 ? null : randomText(random));
    const pick = <T,>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
    let at = Date.parse('2026-03-28T20:00:00.000Z');
    const rows: CsvRow[] = [];
    for (let i = 0; i < 5_000; i++) {
      // Time order, as the export reads them, through 29/03 and 25/10.
      at += Math.floor(random() * (i === 2_500 ? 210 * 86_400_000 : 600_000));
      const requested = 1 + Math.floor(random() * 100_000);
      const received = Math.floor(random() * requested);
      const collected = random() < 0.2;
      rows.push([
        new Date(at).toISOString(),
        new Date(at + Math.floor(random() * 7_200_000)).toISOString(),
        pick(['pending', 'validated', 'failed', 'inconnu;"x"']),
        text(false),
        requested,
        received,
        requested - received,
        collected ? pick(['cash', 'paper_cheque_vacances', '=autre']) : null,
        collected ? requested - received || 1 : null,
        collected ? new Date(at + 86_400_000).toISOString() : null,
        text(true),
        text(true),
        text(true),
        text(false),
        pick(['cashier', 'caisse-ap', ' api']),
        text(true),
        text(true),
        text(false),
        text(true),
      ]);
    }
    const lines = csvLineWriter(WORDS);
    let written = '';
    for (let i = 0; i < rows.length; i += 250) written += lines(rows.slice(i, i + 250));
    expect(written).toBe(papaLines(rows));
    expect(lines([])).toBe('');
  });
});
