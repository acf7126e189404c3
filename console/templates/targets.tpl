{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>{{HEADING}}</h1>
{{#COMMUNITY}}<p class="hint">Everyone in the community (admins only). A project's participants: <code>/admin/users?project=ID</code>.</p>{{/COMMUNITY}}
<form class="list-form" method="get" action="{{ACTION}}">
{{#PROJECT}}<input type="hidden" name="project" value="{{PROJECT}}">{{/PROJECT}}
<input type="hidden" name="sort" value="{{SORT}}">
<input type="hidden" name="dir" value="{{DIR}}">
<div class="filters">
<label for="filter">Filter</label>
<input id="filter" name="filter" value="{{FILTER}}" size="60" aria-describedby="filter-hint">
<label for="tz">Time zone</label>
<input id="tz" name="tz" value="{{TZ}}" list="zones" size="18">
<datalist id="zones">{{#ZONE}}<option value="{{NAME}}">{{/ZONE}}</datalist>
<button type="submit" class="primary">Show</button>
</div>
<p id="filter-hint" class="hint">The listeners' filter language, e.g. <code>data.GROUP.LABEL &gt;= 5 and status = "active"</code>.</p>
<details class="columns"{{#NO_FIELDS}} hidden{{/NO_FIELDS}}>
<summary>Columns (external data)</summary>
<fieldset><legend>Show these fields</legend>
{{#FIELD_CHOICE}}<label class="check"><input type="checkbox" name="col" value="{{NAME}}"{{#ON}} checked{{/ON}}> {{LABEL}} <span class="muted">{{GROUP}} · {{TYPE}}</span></label>
{{/FIELD_CHOICE}}
</fieldset>
</details>
</form>
{{#ERROR}}<p class="error" role="alert" id="list-error">{{ERROR_TEXT}}</p>{{/ERROR}}
<div class="actions"><span id="range">{{RANGE}}</span> <a class="button" id="csv" href="{{CSV_URL}}">Download CSV</a></div>
{{#EMPTY}}<p class="notice">Nothing matches.</p>{{/EMPTY}}
<div class="scroll">
<table id="targets">
<thead><tr>{{#COL}}<th scope="col"{{#SORTED}} aria-sort="{{ARIA}}"{{/SORTED}} title="{{NAME}}"><a href="{{SORT_URL}}">{{LABEL}}</a>{{#REPORT}} <a class="report-link" href="{{REPORT_URL}}" aria-label="Report on {{LABEL}}">report</a>{{/REPORT}}</th>{{/COL}}</tr></thead>
<tbody>
{{#ROW}}<tr>{{#CELL}}<td>{{#LINK}}<a href="{{URL}}">{{TEXT}}</a>{{/LINK}}{{#PLAIN}}{{TEXT}}{{/PLAIN}}</td>{{/CELL}}</tr>
{{/ROW}}
</tbody>
</table>
</div>
<nav class="pager" aria-label="Pages">{{#PREV}}<a rel="prev" href="{{PREV_URL}}">← Previous</a>{{/PREV}} {{#NEXT}}<a rel="next" href="{{NEXT_URL}}">Next →</a>{{/NEXT}}</nav>
{{>FOOTER}}
