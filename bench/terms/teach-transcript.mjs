// Drives `nerflow terms teach` like a person at the keyboard: reads each suggestion the real CLI
// prints, answers with a key chosen by a fixed judgement (the WANT/MAYBE lists below, written for
// the label), and records the whole exchange. Used for docs/terms-transcript.md.
// Run: node bench/terms/teach-transcript.mjs "NERFLOW_CMD" VECTORS LABEL SEEDS DATASET DB MAX_ANSWERS [UNDO_AT]
//   e.g. node bench/terms/teach-transcript.mjs "node packages/cli/dist/bin.js" pdfs.nfv PROTOCOLO "ssh,tcp/ip,ftp" protocolos t.db 25 4
import { spawn } from 'node:child_process';

const [cmd, vectors, label, seeds, dataset, db, maxAnswers, undoAt] = process.argv.slice(2);
const max = Number(maxAnswers ?? 25);
/** The judgement: terms this "user" accepts (regexes, whole term) and ones they skip (ignore). */
const WANT = {
  PROTOCOLO: [/^(ssh|telnet|ftp|tftp|http|https|smtp|pop3?|imap|tcp|udp|ip|icmp|arp|rarp|dhcp|dns|snmp|ntp|tls|ssl|ppp|hdlc|csma(\/c[ad])?|aloha|token ring|ethernet|tcp\/ip|ipv[46]|bgp|ospf|rip|nfs|smb|ldap|rtp|sip|x\.25|frame relay|atm|bluetooth|wi-?fi|802\.\d+\w*)$/i],
  // programs, TeX engines and formats (not files: .sty/.tex/.bst are packages or sources, rejected)
  SOFTWARE: [
    /^(?!.*\.(sty|tex|bst|cls)$)[^ ]*(tex|latex|pdf|dvi)[^ ]*$/i,
    /^(xpdf|ghostscript|gsview|acrobat|emacs|vim?|winedt|ispell|aspell|amspell|gcc|make|gdb|bash|texmaker|lyx|miktex|metafont|metapost|yap|texworks|bibtex|makeindex|dvips|xdvi|linuxcnc)$/i,
  ],
};
const MAYBE = [/^[a-z]{1,3}$/i]; // too short to judge without context
const decide = (term) => {
  if ((WANT[label] ?? []).some((re) => re.test(term))) return 'a';
  if (MAYBE.some((re) => re.test(term))) return 'i';
  return 'x';
};

const [bin, ...pre] = cmd.split(' ');
const child = spawn(bin, [...pre, 'terms', 'teach', '--vectors', vectors, '--seeds', seeds, '--label', label, '--dataset', dataset, '--db', db], { stdio: ['pipe', 'pipe', 'inherit'] });
let buffer = '';
let answers = 0;
let undone = false;
child.stdout.setEncoding('utf8').on('data', (chunk) => {
  process.stdout.write(chunk);
  buffer += chunk;
  const last = buffer.slice(buffer.lastIndexOf('\n') + 1);
  const m = /^(.+?)\s+(-?\d\.\d{3})\s+\(\+\d+ -\d+ \?\d+\)\s+\[a\/x\/i\/u\/q\] $/.exec(last);
  if (!m) return;
  buffer = '';
  let key;
  if (answers >= max) key = 'q';
  else if (undoAt && answers === Number(undoAt) && !undone) {
    // a slip: the "user" rejects by mistake, then takes it back with u
    key = decide(m[1]) === 'x' ? 'a' : 'x';
    undone = 'pending';
  } else if (undone === 'pending') {
    key = 'u';
    undone = true;
    answers -= 2; // the slip is taken back (and this key is not an answer)
  } else key = decide(m[1]);
  answers++;
  setTimeout(() => child.stdin.write(key), 20);
});
child.on('close', (code) => process.exit(code ?? 1));
