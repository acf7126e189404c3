{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>{{#RESULT}}Report: {{LABEL}} <span class="muted">{{GROUP}} · {{TYPE}} · {{KIND}}</span>{{/RESULT}}{{#NO_RESULT}}Reports{{/NO_RESULT}}</h1>
<form class="filters" method="get" action="/admin/reports">
{{#PROJECT}}<input type="hidden" name="project" value="{{PROJECT}}">{{/PROJECT}}
<label for="field">Field</label>
<select id="field" name="field">{{#FIELD_CHOICE}}<option value="{{NAME}}"{{#ON}} selected{{/ON}}>{{NAME}} ({{TARGET}})</option>{{/FIELD_CHOICE}}</select>
<label for="filter">Filter</label>
<input id="filter" name="filter" value="{{FILTER}}" size="50">
<label for="tz">Time zone</label>
<input id="tz" name="tz" value="{{TZ}}" list="zones" size="18">
<datalist id="zones">{{#ZONE}}<option value="{{NAME}}">{{/ZONE}}</datalist>
<label class="check"><input type="checkbox" name="changes" value="1"{{#CHANGES_ON}} checked{{/CHANGES_ON}}> changed over time</label>
<button type="submit" class="primary">Report</button>
</form>
{{#ERROR}}<p class="error" role="alert" id="report-error">{{ERROR_TEXT}}</p>{{/ERROR}}
{{#RESULT}}
<div class="actions">{{#LIST}}<a href="{{LIST_URL}}">Who: the list of these targets</a>{{/LIST}} <a href="{{CHANGES_URL}}">{{CHANGES_LINK}}</a>{{#PER_LINK}} <a href="{{PER_URL}}">Show {{PER_OTHER_NAME}}</a>{{/PER_LINK}}</div>
<dl class="settings" id="summary">
{{#SUMMARY}}<dt>{{NAME}}</dt><dd>{{VALUE}}</dd>
{{/SUMMARY}}
</dl>
<figure class="chart">
<figcaption>{{CHART_TITLE}}</figcaption>
{{#STACKED}}<svg id="chart" role="img" aria-labelledby="chart-title" width="{{WIDTH}}" height="110" viewBox="0 0 {{WIDTH}} 110"><title id="chart-title">{{CHART_TITLE}}</title>
{{#PART}}<rect x="{{X}}" y="10" width="{{W}}" height="40" fill="{{FILL}}" stroke="#ffffff"></rect>{{#INSIDE}}<text x="{{CX}}" y="35" text-anchor="middle" class="{{TEXT_CLASS}}">{{COUNT}}</text>{{/INSIDE}}
<rect x="{{LX}}" y="70" width="16" height="16" fill="{{FILL}}" stroke="#1f2328"></rect><text x="{{LTX}}" y="83">{{NAME}}: {{COUNT}} ({{SHARE}})</text>
{{/PART}}</svg>{{/STACKED}}
{{#VBARS}}<svg id="chart" role="img" aria-labelledby="chart-title" width="{{WIDTH}}" height="{{HEIGHT}}" viewBox="0 0 {{WIDTH}} {{HEIGHT}}"><title id="chart-title">{{CHART_TITLE}}</title>
<line x1="20" y1="{{BASE}}" x2="{{WIDTH}}" y2="{{BASE}}" stroke="#59636e"></line>
{{#BAR}}<rect x="{{X}}" y="{{Y}}" width="{{W}}" height="{{H}}" fill="{{FILL}}"></rect>{{#COUNT_SHOWN}}<text x="{{CX}}" y="{{TY}}" text-anchor="middle" class="count">{{COUNT}}</text>{{/COUNT_SHOWN}}{{#KEY_SHOWN}}<text x="{{CX}}" y="{{KY}}" text-anchor="end" transform="rotate(-40 {{CX}} {{KY}})" class="key">{{KEY}}</text>{{/KEY_SHOWN}}
{{/BAR}}</svg>{{/VBARS}}
{{#HBARS}}<svg id="chart" role="img" aria-labelledby="chart-title" width="{{WIDTH}}" height="{{HEIGHT}}" viewBox="0 0 {{WIDTH}} {{HEIGHT}}"><title id="chart-title">{{CHART_TITLE}}</title>
{{#BAR}}<text x="214" y="{{TY}}" text-anchor="end" class="key">{{KEY}}</text><rect x="220" y="{{Y}}" width="{{W}}" height="18" fill="{{FILL}}"></rect><text x="{{NX}}" y="{{TY}}" class="count">{{COUNT}}</text>
{{/BAR}}</svg>{{/HBARS}}
</figure>
<table id="chart-data" class="chart-data">
<caption>{{CHART_TITLE}}: the chart's numbers</caption>
<thead><tr><th scope="col">{{KEY_NAME}}</th><th scope="col">count</th></tr></thead>
<tbody>{{#ITEM}}<tr><td>{{KEY}}</td><td>{{COUNT}}</td></tr>
{{/ITEM}}</tbody>
</table>
{{#CHANGES}}
<h2>Changed over time</h2>
<p class="hint">Per day (UTC), how many of these targets a data delivery gave a value for this field, from the delivery log: bodies cut or erased, macro actions and deliveries older than the log's retention are not seen.</p>
<figure class="chart">
{{#VBARS}}<svg id="changes-chart" role="img" aria-label="Targets given a value per day" width="{{WIDTH}}" height="{{HEIGHT}}" viewBox="0 0 {{WIDTH}} {{HEIGHT}}">
<line x1="20" y1="{{BASE}}" x2="{{WIDTH}}" y2="{{BASE}}" stroke="#59636e"></line>
{{#BAR}}<rect x="{{X}}" y="{{Y}}" width="{{W}}" height="{{H}}" fill="{{FILL}}"></rect>{{#COUNT_SHOWN}}<text x="{{CX}}" y="{{TY}}" text-anchor="middle" class="count">{{COUNT}}</text>{{/COUNT_SHOWN}}{{#KEY_SHOWN}}<text x="{{CX}}" y="{{KY}}" text-anchor="end" transform="rotate(-40 {{CX}} {{KY}})" class="key">{{KEY}}</text>{{/KEY_SHOWN}}
{{/BAR}}</svg>{{/VBARS}}
</figure>
<table id="changes-data" class="chart-data"><caption>Targets given a value per day</caption>
<thead><tr><th scope="col">day</th><th scope="col">targets</th></tr></thead>
<tbody>{{#CHANGE}}<tr><td>{{KEY}}</td><td>{{COUNT}}</td></tr>
{{/CHANGE}}</tbody></table>
{{/CHANGES}}
{{/RESULT}}
{{>FOOTER}}
