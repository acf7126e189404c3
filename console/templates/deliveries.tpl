{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>Deliveries</h1>
<form method="get" action="/admin/deliveries" class="filters">
<label for="f-listener">Listener key</label>
<input id="f-listener" name="listener" value="{{LISTENER}}" pattern="[a-z0-9][a-z0-9-]*" size="18">
<label for="f-status">Status</label>
<select id="f-status" name="status">
<option value="">any</option>
<option value="ok"{{#STATUS_ok}} selected{{/STATUS_ok}}>ok (200)</option>
<option value="refused"{{#STATUS_refused}} selected{{/STATUS_refused}}>refused (4xx)</option>
<option value="failed"{{#STATUS_failed}} selected{{/STATUS_failed}}>failed (5xx)</option>
</select>
<label for="f-since">Received</label>
<select id="f-since" name="since">
<option value="">any time</option>
<option value="1h"{{#SINCE_1h}} selected{{/SINCE_1h}}>last hour</option>
<option value="24h"{{#SINCE_24h}} selected{{/SINCE_24h}}>last 24 hours</option>
<option value="7d"{{#SINCE_7d}} selected{{/SINCE_7d}}>last 7 days</option>
</select>
<button type="submit">Filter</button>
</form>
{{#EMPTY}}<p class="notice">No deliveries match.</p>{{/EMPTY}}
<div class="scroll">
<table id="deliveries">
<thead><tr><th scope="col">Event</th><th scope="col">Received (UTC)</th><th scope="col">Listener</th><th scope="col">Status</th><th scope="col">Error</th><th scope="col">Delivery id</th><th scope="col">Time</th></tr></thead>
<tbody>
{{#DELIVERY}}
<tr>
<td><a href="/admin/deliveries/{{ID}}">#{{ID}}</a>{{#REPLAY}} <span class="muted">replay of #{{REPLAY_OF}}</span>{{/REPLAY}}</td>
<td>{{AT}}</td>
<td>{{#KNOWN}}<a href="/admin/listeners/{{KEY}}"><code>{{KEY}}</code></a>{{/KNOWN}}{{#GONE}}<span class="muted">{{LISTENER_GONE}}</span>{{/GONE}}</td>
<td><span class="badge {{STATUS_CLASS}}">{{STATUS}}</span></td>
<td>{{ERROR}}</td>
<td><code>{{DELIVERY_ID}}</code></td>
<td>{{DURATION}}</td>
</tr>
{{/DELIVERY}}
</tbody>
</table>
</div>
{{#OLDER}}<p><a href="/admin/deliveries?listener={{OLDER_LISTENER}}&amp;status={{OLDER_STATUS}}&amp;since={{OLDER_SINCE}}&amp;before={{OLDER_BEFORE}}">Older deliveries</a></p>{{/OLDER}}
{{>FOOTER}}
