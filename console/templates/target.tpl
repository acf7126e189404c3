{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>{{HEADING}}</h1>
<dl class="settings" id="columns">
{{#COLUMN}}<dt>{{NAME}}</dt><dd>{{VALUE}}</dd>
{{/COLUMN}}
</dl>
<h2>External data</h2>
<form class="filters" method="get" action="{{ACTION}}">
<label for="tz">Time zone</label> <input id="tz" name="tz" value="{{TZ}}" size="18">
<button type="submit">Show</button>
</form>
<p class="hint">"Set by" is the latest data delivery in the log that gave this field a value for this target no later than its last change. A value set by a macro, or by a delivery whose body was cut, erased or purged, cannot be traced: the page says so.</p>
{{#NO_DATA}}<p class="notice">No external data fields for this kind yet.</p>{{/NO_DATA}}
{{#GROUP}}
<h3>{{NAME}}</h3>
<div class="scroll"><table class="data-fields">
<thead><tr><th scope="col">Field</th><th scope="col">Value</th><th scope="col">Last changed</th><th scope="col">Set by</th></tr></thead>
<tbody>
{{#FIELD}}<tr><th scope="row"><a href="{{REPORT_URL}}">{{LABEL}}</a> <span class="muted">{{TYPE}}</span></th><td>{{VALUE}}</td><td>{{UPDATED}}</td><td>{{#NEVER}}<span class="muted">never set</span>{{/NEVER}}{{#EVENT}}<a href="{{URL}}">delivery #{{ID}}</a>{{/EVENT}}{{#NO_EVENT}}<span class="muted">cannot tell from the delivery log</span>{{/NO_EVENT}}</td></tr>
{{/FIELD}}
</tbody></table></div>
{{/GROUP}}
<h2>Comments</h2>
{{#NO_COMMENTS}}<p class="muted">None.</p>{{/NO_COMMENTS}}
<ul class="comments">
{{#COMMENT}}<li><span class="muted">{{AT}} UTC · {{AUTHOR}} · {{PROJECT}}</span><div class="comment-body">{{BODY}}</div></li>
{{/COMMENT}}
</ul>
{{#TICKET}}
<h2>Followers</h2>
{{#NO_FOLLOWERS}}<p class="muted">None.</p>{{/NO_FOLLOWERS}}
<ul>{{#FOLLOWER}}<li><a href="{{URL}}">{{EMAIL}}</a></li>{{/FOLLOWER}}</ul>
<p class="hint">The outbox does not record which ticket a message was about, so none are listed here.</p>
{{/TICKET}}
{{#OUTBOX}}
<h2>Emails to this user (outbox)</h2>
{{#NO_MESSAGES}}<p class="muted">None.</p>{{/NO_MESSAGES}}
<div class="scroll"><table><thead><tr><th scope="col">#</th><th scope="col">Queued (UTC)</th><th scope="col">State</th><th scope="col">Subject</th><th scope="col">Why</th></tr></thead>
<tbody>{{#MESSAGE}}<tr><td>{{ID}}</td><td>{{AT}}</td><td>{{STATE}}</td><td>{{SUBJECT}}</td><td>{{ORIGIN}}</td></tr>
{{/MESSAGE}}</tbody></table></div>
{{/OUTBOX}}
{{>FOOTER}}
