{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<p class="crumbs"><a href="/admin/deliveries">Deliveries</a></p>
<h1>Delivery #{{ID}} <span class="badge {{STATUS_CLASS}}">{{STATUS}}</span></h1>
<section class="card">
<dl class="settings">
<dt>Listener</dt><dd>{{#KNOWN}}<a href="/admin/listeners/{{KEY}}"><code>{{KEY}}</code></a>{{/KNOWN}}{{#GONE}}{{LISTENER_GONE}}{{/GONE}}</dd>
<dt>Received</dt><dd>{{AT}}</dd>
<dt>Error</dt><dd>{{ERROR}}</dd>
<dt>Delivery id</dt><dd><code>{{DELIVERY_ID}}</code></dd>
<dt>From</dt><dd>{{CLIENT}}</dd>
<dt>Took</dt><dd>{{DURATION}}</dd>
<dt>Checks</dt><dd>{{CHECKS}}</dd>
{{#REPLAY}}<dt>Replay of</dt><dd><a href="/admin/deliveries/{{REPLAY_OF}}">#{{REPLAY_OF}}</a></dd>{{/REPLAY}}
{{#DUPLICATE}}<dt>Duplicate of</dt><dd><a href="/admin/deliveries/{{DUPLICATE_OF}}">#{{DUPLICATE_OF}}</a></dd>{{/DUPLICATE}}
{{#FORCED}}<dt>Replay forced by</dt><dd>{{FORCED_BY}}</dd>{{/FORCED}}
{{#REPLAYED_AS}}<dt>Replayed as</dt><dd><a href="/admin/deliveries/{{REPLAY_ID}}">#{{REPLAY_ID}}</a> ({{REPLAY_STATUS}})</dd>{{/REPLAYED_AS}}
</dl>
{{#CAN_REPLAY}}<p><a class="button" href="/admin/deliveries/{{ID}}/replay">Replay this delivery…</a></p>{{/CAN_REPLAY}}
</section>
<section class="card">
<h2>Outcomes</h2>
{{#NO_OUTCOMES}}<p class="muted">No target was handled.</p>{{/NO_OUTCOMES}}
<ul class="outcomes">
{{#OUTCOME}}<li><span class="badge">{{OUTCOME}}</span> target {{TARGET}} <code>{{IDENTIFIER}}</code></li>{{/OUTCOME}}
</ul>
</section>
<section class="card">
<h2>Headers</h2>
<p class="hint">As logged: secrets (API keys, signatures, tokens) are masked.</p>
<dl class="headers">
{{#HEADER}}<dt>{{HEADER_NAME}}</dt><dd><code>{{HEADER_VALUE}}</code></dd>{{/HEADER}}
</dl>
</section>
<section class="card">
<h2>Body</h2>
<p class="hint">{{BODY_SIZE}} bytes{{#BODY_CUT}}; the first {{BODY_KEPT}} kept{{/BODY_CUT}}.</p>
<pre class="body" id="body">{{BODY:pre_escape}}</pre>
</section>
{{>FOOTER}}
