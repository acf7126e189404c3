{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<p class="crumbs"><a href="/admin/listeners">Listeners</a>{{#EDITING}} / <a href="/admin/listeners/{{KEY}}">{{KEY}}</a>{{/EDITING}}</p>
<h1>{{#CREATING}}New listener: {{/CREATING}}{{#EDITING}}Edit {{KEY}}: {{/EDITING}}{{TYPE_LABEL}} on {{TARGET}}</h1>
<p class="hint">{{TYPE_SUMMARY}}</p>
{{#ERROR}}<p class="error" role="alert" id="form-error">{{ERROR_TEXT}}</p>{{/ERROR}}
<form method="post" action="{{ACTION}}" class="settings-form with-picker">
<div class="stack">
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#CREATING}}
<input type="hidden" name="type" value="{{TYPE}}">
<input type="hidden" name="target" value="{{TARGET}}">
<label for="f-key">Key</label>
<input id="f-key" name="key" value="{{KEY}}" required pattern="[a-z0-9][a-z0-9\-]{1,63}" aria-describedby="f-key-help">
<span class="hint" id="f-key-help">The last part of the endpoint URL: {{URL_PREFIX}}<strong>key</strong>. Lowercase letters, digits and dashes.</span>
{{/CREATING}}
{{#FIELD}}
<label for="{{ID}}">{{LABEL}}</label>
{{#INPUT}}<input id="{{ID}}" name="{{NAME}}" type="{{INPUT_TYPE}}" value="{{VALUE}}" aria-describedby="{{ID}}-help{{#FILTER_CHECK}} {{ID}}-check{{/FILTER_CHECK}}"{{#HAS_LIST}} list="{{ID}}-list"{{/HAS_LIST}}{{#FILTER_CHECK}} data-filter-check="{{CHECK_TARGET}}"{{/FILTER_CHECK}}{{#POINTER_FIELD}} data-pointer-field="{{POINTER_MODE}}"{{/POINTER_FIELD}}>
{{#FILTER_CHECK}}<span class="filter-check" id="{{ID}}-check" aria-live="polite"></span>{{/FILTER_CHECK}}
{{#HAS_LIST}}<datalist id="{{ID}}-list">{{#LIST_ITEM}}<option value="{{ITEM}}">{{/LIST_ITEM}}</datalist>{{/HAS_LIST}}{{/INPUT}}
{{#TEXTAREA}}<textarea id="{{ID}}" name="{{NAME}}" rows="3" aria-describedby="{{ID}}-help">{{VALUE:pre_escape}}</textarea>{{/TEXTAREA}}
{{#SELECT}}<select id="{{ID}}" name="{{NAME}}" aria-describedby="{{ID}}-help">{{#OPTION}}<option value="{{OPTION_VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{OPTION_LABEL}}</option>{{/OPTION}}</select>{{/SELECT}}
{{#SECRET}}<textarea id="{{ID}}" name="{{NAME}}" rows="2" autocomplete="off" spellcheck="false" aria-describedby="{{ID}}-help"></textarea>{{#KEEP}}<span class="hint">{{STORED}}; leave empty to keep.</span>{{/KEEP}}{{/SECRET}}
<span class="hint" id="{{ID}}-help">{{HELP}}</span>
{{/FIELD}}
<button type="submit" class="primary">{{#CREATING}}Create listener{{/CREATING}}{{#EDITING}}Save changes{{/EDITING}}</button>
</div>
{{>PAYLOAD_PICKER}}
</form>
{{>FOOTER}}
