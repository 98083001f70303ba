import type { JSX } from 'preact';
import { inlineRuns, parseMarkdown } from '../lib/markdown.js';

function Inline({ text }: { text: string }): JSX.Element {
  return <>{inlineRuns(text).map((r) => (r.bold ? <strong>{r.text}</strong> : r.text))}</>;
}

/** A text panel's Markdown (paragraphs, tables, bold), rendered as elements. */
export function MarkdownView({ text }: { text: string }): JSX.Element {
  return (
    <div class="markdown">
      {parseMarkdown(text).map((b) =>
        b.kind === 'paragraph' ? (
          <p>
            <Inline text={b.text} />
          </p>
        ) : (
          <table class="data-table">
            <thead>
              <tr>
                {b.header.map((h) => (
                  <th scope="col">
                    <Inline text={h} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {b.rows.map((row) => (
                <tr>
                  {row.map((c) => (
                    <td>
                      <Inline text={c} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ),
      )}
    </div>
  );
}
