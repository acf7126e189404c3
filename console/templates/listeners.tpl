{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>Listeners</h1>
<p><a class="button" href="/admin/new-listener">New listener</a></p>
<p class="hint">Each listener is a URL other systems POST JSON to. Deliveries are counted over the last 24 hours.{{#MANAGER}} You see the projects you take part in.{{/MANAGER}}</p>
{{#EMPTY}}<p class="notice">No listeners yet.</p>{{/EMPTY}}
{{#AREA}}
<section class="area">
<h2>{{AREA_NAME}}</h2>
<div class="scroll">
<table>
<thead><tr><th scope="col">Listener</th><th scope="col">Type</th><th scope="col">Key</th><th scope="col">State</th><th scope="col">Last delivery</th><th scope="col">Last 24 h</th></tr></thead>
<tbody>
{{#LISTENER}}
<tr>
<td><a href="/admin/listeners/{{KEY}}">{{NAME}}</a></td>
<td>{{TYPE}}</td>
<td><code>{{KEY}}</code></td>
<td><span class="badge {{ENABLED_CLASS}}">{{ENABLED}}</span></td>
<td>{{#NEVER}}<span class="muted">never</span>{{/NEVER}}{{#LAST}}<span class="badge {{LAST_CLASS}}">{{LAST_STATUS}}</span> {{LAST_AT}}{{/LAST}}</td>
<td class="counts"><a href="/admin/deliveries?listener={{KEY}}&amp;since=24h"><span class="ok">{{COUNT_OK}} ok</span> · <span class="refused">{{COUNT_REFUSED}} refused</span> · <span class="failed">{{COUNT_FAILED}} failed</span></a></td>
</tr>
{{/LISTENER}}
</tbody>
</table>
</div>
</section>
{{/AREA}}
{{>FOOTER}}
