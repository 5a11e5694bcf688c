#!/usr/bin/env python3
"""One-off bootstrap (the role of platyPS New-MarkdownHelp): writes docs/cmdlets/<Cmdlet>.md in platyPS layout
from the cmdlet sources' attributes plus the prose in docs.py. Existing files are kept unless --force; after the
bootstrap the markdown files are the source of truth and HelpTool.cs turns them into MAML."""
import os, re, sys
sys.path.insert(0, os.path.dirname(__file__))
from docs import CMDLETS, PARAMS

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SRC = os.path.join(ROOT, 'Syncthing.PowerShell', 'Cmdlets')
OUT = os.path.join(ROOT, 'docs', 'cmdlets')
TYPES = {'string': 'String', 'string[]': 'String[]', 'string?': 'String', 'string[]?': 'String[]', 'Uri': 'Uri',
         'SwitchParameter': 'SwitchParameter', 'int': 'Int32', 'int?': 'Int32', 'long': 'Int64', 'int?': 'Int32',
         'bool?': 'Boolean', 'FolderType': 'FolderType', 'FolderType?': 'FolderType'}

def parse(path):
    text = open(path).read()
    m = re.search(r'\[Cmdlet\(Verbs\w+\.(\w+), "(\w+)"(.*?)\)\]', text)
    if not m:
        return None
    verb, noun, rest = m.groups()
    default_set = (re.search(r'DefaultParameterSetName = "(\w+)"', rest) or [None, None])[1]
    output = re.search(r'\[OutputType\(typeof\(([\w.]+)\)\)\]', text).group(1)
    params = []
    for pm in re.finditer(r'((?:\s*\[[^\]]*\]\n)+)\s*public ([\w\[\]?]+) (\w+) \{ get; set; \}', text):
        attrs, typ, name = pm.groups()
        p = re.search(r'\[Parameter(?:\((.*?)\))?\]', attrs)
        if not p:
            continue
        a = p.group(1) or ''
        alias = re.search(r'\[Alias\("(\w+)"\)\]', attrs)
        pos = re.search(r'Position = (\d+)', a)
        pset = re.search(r'ParameterSetName = "(\w+)"', a)
        pipe = []
        if 'ValueFromPipeline = true' in a: pipe.append('ByValue')
        if 'ValueFromPipelineByPropertyName = true' in a: pipe.append('ByPropertyName')
        params.append(dict(name=name, type=TYPES.get(typ, typ.rstrip('?')), mandatory='Mandatory = true' in a,
                           position=pos.group(1) if pos else 'Named', set=pset.group(1) if pset else None,
                           alias=alias.group(1) if alias else None, pipe=pipe, wild='SupportsWildcards' in attrs))
    return dict(name=f'{verb}-{noun}', params=params, output=output, default_set=default_set)

def syntax(c, setname):
    parts = [c['name']]
    for p in c['params']:
        if p['set'] not in (None, setname):
            continue
        value = '' if p['type'] == 'SwitchParameter' else f" <{p['type']}>"
        name = f"-{p['name']}" if p['position'] == 'Named' else f"[-{p['name']}]"
        item = f"{name}{value}"
        parts.append(item if p['mandatory'] else f'[{item}]')
    if any(n in ('WhatIf',) for n in []):
        pass
    return ' '.join(parts)

def render(c, doc):
    sets = sorted({p['set'] for p in c['params'] if p['set']}, key=lambda s: (s != c['default_set'], s))
    lines = ['---', 'external help file: Syncthing.PowerShell.dll-Help.xml', 'Module Name: Syncthing', 'online version:',
             'schema: 2.0.0', '---', '', f"# {c['name']}", '', '## SYNOPSIS', doc['synopsis'], '', '## SYNTAX', '']
    common = ' [-WhatIf] [-Confirm]' if doc.get('should_process') else ''
    for s in (sets or [None]):
        if s:
            lines += [f"### {s}" + (' (Default)' if s == c['default_set'] else ''), '']
        lines += ['```', syntax(c, s) + common + ' [<CommonParameters>]', '```', '']
    lines += ['## DESCRIPTION', doc['description'], '', '## EXAMPLES', '']
    for i, (title, code, remarks) in enumerate(doc['examples'], 1):
        lines += [f'### Example {i}: {title}', '', '```powershell', code, '```', '', remarks, '']
    lines += ['## PARAMETERS', '']
    for p in c['params']:
        desc = doc.get('params', {}).get(p['name']) or PARAMS[p['name']]
        lines += [f"### -{p['name']}", desc, '', '```yaml', f"Type: {p['type']}",
                  f"Parameter Sets: {p['set'] or '(All)'}", f"Aliases: {p['alias'] or ''}".rstrip(), '',
                  f"Required: {p['mandatory']}", f"Position: {p['position']}", 'Default value: None',
                  f"Accept pipeline input: {('True (' + ', '.join(p['pipe']) + ')') if p['pipe'] else 'False'}",
                  f"Accept wildcard characters: {p['wild']}", '```', '']
    if doc.get('should_process'):
        for name, text in (('Confirm', 'Prompts you for confirmation before running the cmdlet.'),
                           ('WhatIf', 'Shows what would happen if the cmdlet runs. The cmdlet is not run.')):
            lines += [f'### -{name}', text, '', '```yaml', 'Type: SwitchParameter', 'Parameter Sets: (All)',
                      f"Aliases: {'cf' if name == 'Confirm' else 'wi'}", '', 'Required: False', 'Position: Named',
                      'Default value: False', 'Accept pipeline input: False', 'Accept wildcard characters: False', '```', '']
    lines += ['### CommonParameters',
              'This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, '
              '-InformationVariable, -OutVariable, -OutBuffer, -PipelineVariable, -Verbose, -WarningAction, and '
              '-WarningVariable. For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).', '']
    inputs = sorted({'System.String' for p in c['params'] if p['pipe']})
    lines += ['## INPUTS', '']
    for t in inputs or ['None']:
        lines += [f'### {t}', 'Names and IDs bind from the pipeline by value or from objects with matching property names (FolderId, DeviceId, Node).' if t != 'None' else 'This cmdlet takes no pipeline input.', '']
    out = c['output'] if c['output'] == 'bool' else 'Syncthing.PowerShell.Core.' + c['output']
    out = 'System.Boolean' if out == 'bool' else out
    lines += ['## OUTPUTS', '', f'### {out}', doc.get('outputs', ''), '', '## NOTES', doc.get('notes', 'Errors carry stable ErrorIds (see about_Syncthing).'), '',
              '## RELATED LINKS', '', '[about_Syncthing](about_Syncthing.help.txt)', '']
    return '\n'.join(lines)

force = '--force' in sys.argv
os.makedirs(OUT, exist_ok=True)
seen = set()
for f in sorted(os.listdir(SRC)):
    c = parse(os.path.join(SRC, f))
    if not c:
        continue
    seen.add(c['name'])
    target = os.path.join(OUT, c['name'] + '.md')
    if os.path.exists(target) and not force:
        continue
    with open(target, 'w') as fh:
        fh.write(render(c, CMDLETS[c['name']]))
missing = set(CMDLETS) - seen
if missing:
    sys.exit(f'docs.py documents unknown cmdlets: {missing}')
print(f'{len(seen)} cmdlets')
