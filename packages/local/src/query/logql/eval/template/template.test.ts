import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileTemplate } from './exec.js';
import { TemplateParseError } from './parse.js';
import { TemplateExecError } from './values.js';

const LABELS = { a: 'x', n: '42', f: '1.5', d: '1m30s', path: '/api/users/7', empty: '', multi: 'l1\nl2' };
const CTX = { line: 'the line', tsNs: 1_700_000_000_123_456_789n };
const run = (t: string, labels: Record<string, string> = LABELS): string => compileTemplate('line', t).execute(labels, CTX);

const CASES: ReadonlyArray<readonly [string, string]> = [
  ['plain text', 'plain text'],
  ['{{.a}}-{{.missing}}-{{ .n }}', 'x--42'],
  ['{{ .a | ToUpper | printf "%q" }}', '"X"'],
  ['{{- "  trim left" }}   {{- .a -}}   end', '  trim leftxend'],
  ['{{/* a comment */}}{{ .a }}', 'x'],
  ['{{ if .empty }}y{{ else if .a }}a{{ else }}n{{ end }}', 'a'],
  ['{{ with .a }}[{{ . }}]{{ end }}{{ with .empty }}no{{ else }}none{{ end }}', '[x]none'],
  ['{{ $v := .n }}{{ $v = "changed" }}{{ $v }}', 'changed'],
  ['{{ range $i, $e := fromJson `["a","b","c"]` }}{{ if eq $i 1 }}{{ continue }}{{ end }}{{ $e }}{{ end }}', 'ac'],
  ['{{ range $k, $v := fromJson `{"b":2,"a":1}` }}{{ $k }}={{ $v }};{{ end }}', 'a=1;b=2;'],
  ['{{ range fromJson `[]` }}x{{ else }}empty{{ end }}', 'empty'],
  ['{{ (fromJson `{"q":{"r":"deep"}}`).q.r }}', 'deep'],
  ['{{ index (fromJson `["z","y"]`) 1 }} {{ len .path }} {{ slice .path 1 4 }}', 'y 12 api'],
  ['{{ and .a .empty "c" }}|{{ or .empty "" "d" }}|{{ not .a }}', '|d|false'],
  ['{{ printf "%5.2f|%-4d|%x|%s|%v|%t" 3.14159 7 255 .a 1.5 true }}', ' 3.14|7   |ff|x|1.5|true'],
  ['{{ printf "%d %s" }}{{ printf "%d" "s" }}', '%!d(MISSING) %!s(MISSING)%!d(string=s)'],
  ['{{ add .n 8 }} {{ sub 10 .n }} {{ mul .n 2 }} {{ div .n 5 }} {{ mod .n 5 }} {{ max 1 .n 3 }} {{ min 5 .n }}', '50 -32 84 8 2 42 5'],
  ['{{ addf .f 1 }} {{ subf 10 .f }} {{ mulf .f 2 }} {{ divf 3 .f }} {{ maxf 1 .f }} {{ minf 1 .f }}', '2.5 8.5 3 2 1.5 1'],
  ['{{ int "12" }} {{ int "x" }} {{ float64 "2.5" }} {{ ceil "1.1" }} {{ floor 1.9 }} {{ round 2.345 2 }}', '12 0 2.5 2 1 2.35'],
  ['{{ divf 1 3 }} {{ mulf 1e21 1 }} {{ divf 1 1e7 }}', '0.3333333333333333 1e+21 1e-07'],
  ['{{ duration .d }} {{ .d | duration_seconds }} {{ bytes "1.5KiB" }}', '90 90 1536'],
  ['{{ default "-" .empty }} {{ default "-" .a }} {{ .empty | default "dflt" }}', '- x dflt'],
  ['{{ trim "  a  " }}|{{ trimAll "/" "//x//" }}|{{ trimPrefix "/api" .path }}|{{ trimSuffix "/7" .path }}', 'a|x|/users/7|/api/users'],
  ['{{ TrimSpace " a " }}|{{ Trim "xxaxx" "x" }}|{{ TrimLeft "xxa" "x" }}|{{ TrimRight "axx" "x" }}|{{ Replace "aaa" "a" "b" 2 }}', 'a|a|a|a|bba'],
  ['{{ lower "AbC" }} {{ upper .a }} {{ title "hello wide world" }} {{ ToLower "X" }}', 'abc X Hello Wide World x'],
  ['{{ trunc 3 .path }}|{{ trunc -2 .path }}|{{ substr 1 4 .path }}|{{ repeat 3 "ab" }}', '/ap|/7|api|ababab'],
  ['{{ contains "users" .path }} {{ hasPrefix "/api" .path }} {{ hasSuffix "9" .path }}', 'true true false'],
  ['{{ replace "/" "." .path }} {{ regexReplaceAll "(\\\\d+)" .path "<$1>" }} {{ regexReplaceAllLiteral "\\\\d" .path "$1" }}', '.api.users.7 /api/users/<7> /api/users/$1'],
  ['{{ count "[aeu]" .path }} {{ urlencode "a b&c" }} {{ urldecode "a+b%26c" }} {{ b64enc "hi" }} {{ b64dec "aGk=" }}', '3 a+b%26c a b&c aGk= hi'],
  ['{{ indent 2 .multi }}|{{ nindent 1 .a }}|{{ alignLeft 4 "ab" }}|{{ alignRight 4 "ab" }}', '  l1\n  l2|\n x|ab  |  ab'],
  ['{{ __line__ }} {{ __timestamp__ | unixEpoch }} {{ __timestamp__ | unixEpochMillis }} {{ __timestamp__ | unixEpochNanos }}', 'the line 1700000000 1700000000123 1700000000123456789'],
  ['{{ __timestamp__ }}', '2023-11-14 22:13:20.123456789 +0000 UTC'],
  ['{{ date "2006-01-02T15:04:05.000Z07:00 Mon Jan _2 3PM" __timestamp__ }}', '2023-11-14T22:13:20.123Z Tue Nov 14 10PM'],
  ['{{ toDate "2006-01-02 15:04:05" "2021-06-10 09:14:29" | unixEpoch }} {{ toDateInZone "02/01/2006" "UTC" "10/06/2021" | date "Jan 2, 2006" }}', '1623316469 Jun 10, 2021'],
  ['{{ unixToTime "1623316469" | date "2006-01-02" }} {{ unixToTime "1623316469000" | unixEpoch }}', '2021-06-10 1623316469'],
  ['{{ eq .a "x" "y" }} {{ ne .n "42" }} {{ lt 1 2 }} {{ ge 2.5 2.5 }} {{ gt "b" "a" }}', 'true false true true true'],
  ['{{ print 1 2 "a" "b" 3 }}{{ println "x" 1 }}', '1 2ab3x 1\n'],
];

test('templates run as Go text/template does with Loki\'s and sprig\'s functions', () => {
  for (const [t, want] of CASES) assert.equal(run(t), want, t);
});

test('templates that Go refuses do not compile', () => {
  for (const t of ['{{ nosuch .a }}', '{{ .a', '{{ if .a }}x', '{{ end }}', '{{ define "x" }}{{ end }}', '{{ .a | }}', '{{ (.a }}']) {
    assert.throws(() => compileTemplate('line', t), TemplateParseError, t);
  }
  assert.throws(() => compileTemplate('line', '{{ nosuch .a }}'), /template: line:1: function "nosuch" not defined/);
});

test('failures while running are TemplateExecError with Go\'s gist', () => {
  const cases: ReadonlyArray<readonly [string, RegExp]> = [
    ['{{ div 1 0 }}', /error calling div: runtime error: integer divide by zero/],
    ['{{ .a.b }}', /can't evaluate field b in type string/],
    ['{{ ToUpper 1 }}', /wrong type for value; expected string; got int/],
    ['{{ trunc "x" .a }}', /wrong type for value; expected int; got string/],
    ['{{ duration .a }}', /error calling duration: time: invalid duration "x"/],
    ['{{ eq .a 1 }}', /incompatible types for comparison/],
    ['{{ .a .n }}', /can't give argument to non-function \.a/],
    ['{{ $nope }}', /undefined variable: \$nope/],
    ['{{ regexReplaceAll "(" .a "" }}', /error parsing regexp: missing closing \)/],
  ];
  for (const [t, re] of cases) assert.throws(() => run(t), (e: unknown) => e instanceof TemplateExecError && re.test(e.message), t);
});
