import { autocompletion, closeBrackets, closeBracketsKeymap, closeCompletion, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { Annotation, EditorState, Prec, type Extension } from '@codemirror/state';
import { EditorView, keymap, placeholder as placeholderExt } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** Props of {@link CodeEditor}. */
export interface CodeEditorProps {
  readonly value: string;
  /** Every edit, as typed. */
  readonly onChange: (value: string) => void;
  /** Shift+Enter or Ctrl/Cmd+Enter: run the query. */
  readonly onRun: () => void;
  /** The language: highlighting and completion. Created once per editor. */
  readonly language: Extension;
  /** The accessible name of the editor. */
  readonly label: string;
  readonly placeholder?: string;
  readonly id?: string;
}

/** Token colours for the dark theme, each at least 4.5:1 against the editor's background. */
const DARK_HIGHLIGHT = HighlightStyle.define([
  { tag: [t.keyword, t.logicOperator, t.modifier], color: '#d19ee8' },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: '#8fd0ff' },
  { tag: [t.labelName, t.propertyName, t.attributeName], color: '#f0c36b' },
  { tag: [t.string, t.special(t.string)], color: '#a3d4a0' },
  { tag: [t.number, t.literal, t.bool], color: '#f0a58a' },
  { tag: [t.operator, t.compareOperator, t.arithmeticOperator], color: '#c7b1ff' },
  { tag: [t.comment, t.lineComment, t.blockComment], color: '#97a0ad', fontStyle: 'italic' },
  { tag: [t.variableName], color: '#d8dce3' },
  { tag: t.invalid, color: '#ff8c8c' },
]);

/** Marks a change that came from the props (a click, back/forward), so it is not echoed to onChange. */
const fromProps = Annotation.define<boolean>();

/**
 * A one-query editor (CodeMirror 6): highlighting, completion, brackets, history. Enter inserts a
 * new line as in Grafana's editors; Shift+Enter or Ctrl+Enter runs the query.
 */
export function CodeEditor(props: CodeEditorProps): JSX.Element {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView>();
  const latest = useRef(props);
  latest.current = props;
  // What the editor told onChange and the props have not echoed back yet. A fast typist is ahead of
  // the renders: a value in this list is the editor's own (maybe stale) and must not be written back,
  // or the editor and the props would overwrite each other forever.
  const emitted = useRef<string[]>([]);

  useEffect(() => {
    const run = (view: EditorView): boolean => {
      closeCompletion(view);
      latest.current.onRun();
      return true;
    };
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          Prec.highest(keymap.of([{ key: 'Shift-Enter', run }, { key: 'Mod-Enter', run }])),
          history(),
          closeBrackets(),
          bracketMatching(),
          autocompletion({ activateOnTyping: true }),
          keymap.of([...closeBracketsKeymap, ...completionKeymap, ...defaultKeymap, ...historyKeymap]),
          syntaxHighlighting(DARK_HIGHLIGHT),
          EditorView.lineWrapping,
          placeholderExt(props.placeholder ?? ''),
          EditorView.contentAttributes.of({ 'aria-label': props.label, ...(props.id ? { id: props.id } : {}) }),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged || u.transactions.some((tr) => tr.annotation(fromProps))) return;
            const text = u.state.doc.toString();
            emitted.current.push(text);
            latest.current.onChange(text);
          }),
          props.language,
        ],
      }),
    });
    view.current = v;
    return () => v.destroy();
  }, []);

  // A value changed from outside (a click that adds a label filter, back/forward): show it.
  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const echo = emitted.current.lastIndexOf(props.value);
    if (echo >= 0) {
      emitted.current = emitted.current.slice(echo + 1);
      return;
    }
    emitted.current = [];
    if (v.state.doc.toString() !== props.value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: props.value }, annotations: fromProps.of(true) });
  }, [props.value]);

  return <div class="code-editor" ref={host} />;
}
