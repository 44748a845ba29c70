// Runs in a plain Node process (see spark-parser.ts): reads a JSON array of Spark SQL statements
// on stdin and prints, for each, the messages of dt-sql-parser's syntax errors.
import { SparkSQL } from 'dt-sql-parser';

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const parser = new SparkSQL();
  const statements = JSON.parse(input) as string[];
  const errors = statements.map((sql) =>
    parser.validate(sql).map((e) => `${e.startLine}:${e.startColumn} ${e.message}`),
  );
  process.stdout.write(JSON.stringify(errors));
});
