// Debian's Python reads back what the portal produced: an XLSX download through openpyxl, and
// the test server's SQLite database (a state only time can make, e.g. devices silent for weeks).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
// `python3` on PATH may be a pyenv shim without Debian's modules.
const PYTHON = '/usr/bin/python3';

async function python(script, args) {
  const { stdout } = await run(PYTHON, ['-c', script, ...args], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout);
}

// Every row of the first sheet, as openpyxl reads the cells (numbers stay numbers).
export function readXlsx(path) {
  return python(
    `import json, sys, datetime
from openpyxl import load_workbook
sheet = load_workbook(sys.argv[1], read_only=True).worksheets[0]
cell = lambda v: v.isoformat() if isinstance(v, (datetime.date, datetime.datetime)) else v
print(json.dumps([[cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]))`,
    [path],
  );
}

// Runs one statement on the SQLite database of `url` ("sqlite:PATH"); returns the rows changed.
export function sqliteExecute(url, statement, params = []) {
  return python(
    `import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=30)
with db:
    changed = db.execute(sys.argv[2], json.loads(sys.argv[3])).rowcount
print(json.dumps(changed))`,
    [url.replace(/^sqlite:/, ''), statement, JSON.stringify(params)],
  );
}
