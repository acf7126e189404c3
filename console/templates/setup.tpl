{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<section class="narrow">
<h1>Choose a password</h1>
<p>For <strong>{{EMAIL}}</strong>. This link works once.</p>
{{#ERROR}}<p class="error" role="alert">{{ERROR_TEXT}}</p>{{/ERROR}}
<form method="post" action="/admin/setup" class="stack">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="token" value="{{TOKEN}}">
<input type="text" name="username" autocomplete="username" value="{{EMAIL}}" hidden>
<label for="password">New password <span class="hint">(at least {{MIN_LENGTH}} characters)</span></label>
<input id="password" name="password" type="password" autocomplete="new-password" minlength="{{MIN_LENGTH}}" required>
<label for="confirm">The same again</label>
<input id="confirm" name="confirm" type="password" autocomplete="new-password" minlength="{{MIN_LENGTH}}" required>
<button type="submit" class="primary">Set password and sign in</button>
</form>
</section>
{{>FOOTER}}
