# Offline check of confidence rules for "your label wins" on the bundled example (run in the pipeline OUT folder after
# `nerflow predict` with --scores of: OUT/model without its base/ ("own"), es-base, on gold/test.jsonl and the AnCora sample).
# Printed [new-type F1, old-type F1] per rule, 2026-12-03 11:45: always 70.8/82.5, t0.5 70.2/82.6, t0.7 69.8/82.5, t0.8 68.9/82.9,
# t0.9 67.3/83.1, >= base score 63.8/83.7, t0.9|>=base 67.4/83.3, t0.8|>=base 69.2/82.9.
import json,sys,subprocess
NEW={'PLATAFORMA','METRICA'}
def load(p): return [json.loads(l) for l in open(p)]
def ov(a,b): return a['start']<b['end'] and b['start']<a['end']
def merge(own,base,rule):
    out=[]
    for o,b in zip(own,base):
        news=[s for s in o['spans'] if s['label'] in NEW]
        olds=[s for s in b['spans'] if s['label'] not in NEW]
        keep=[]
        for n in news:
            conf=[s for s in olds if ov(n,s)]
            if not conf or rule(n,conf): keep.append(n)
        spans=keep+[s for s in olds if not any(ov(s,k) for k in keep)]
        spans.sort(key=lambda s:(s['start'],s['end']))
        out.append({**o,'spans':spans})
    return out
rules={
 'always':lambda n,c:True,
 't0.5':lambda n,c:n['score']>=0.5,
 't0.7':lambda n,c:n['score']>=0.7,
 't0.8':lambda n,c:n['score']>=0.8,
 't0.9':lambda n,c:n['score']>=0.9,
 'gebase':lambda n,c:n['score']>=max(s['score'] for s in c),
 't0.9|gebase':lambda n,c:n['score']>=0.9 or n['score']>=max(s['score'] for s in c),
 't0.8|gebase':lambda n,c:n['score']>=0.8 or n['score']>=max(s['score'] for s in c),
}
CLI='/work/main/packages/cli/dist/bin.js'
anc='/work/main/examples/marketing-es/old-types/ancora-test-sample.conll'
for name,r in rules.items():
    res=[]
    for own,base,gold,labels in [('test-own.jsonl','test-base-scores.jsonl','gold/test.jsonl','PLATAFORMA,METRICA'),('old-own.jsonl','old-before-scores.jsonl',anc,'PER,LOC,ORG,MISC')]:
        m=merge(load(own),load(base),r)
        p=f'/tmp/lead/sim/{name}-{labels[:3]}.jsonl'
        with open(p,'w') as f:
            for x in m: f.write(json.dumps(x,ensure_ascii=False)+'\n')
        j=p+'.json'
        subprocess.run(['node',CLI,'eval','--gold',gold,'--pred',p,'--labels',labels,'--json',j,'--bootstrap','0'],capture_output=True)
        d=json.load(open(j))
        res.append(d)
    def f1(d):
        s=d.get('scores',d)
        return s
    print(name, [ (round(x['micro']['f']*100,1) if 'micro' in x else list(x.keys())[:8]) for x in res])
