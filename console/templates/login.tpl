{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<section class="narrow">
<h1>Sign in</h1>
{{#ERROR}}<p class="error" role="alert" id="login-error">{{ERROR_TEXT}}</p>{{/ERROR}}
<form method="post" action="/admin/login" class="stack">
<input type="hidden" name="csrf" value="{{CSRF}}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="{{EMAIL}}" autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" class="primary">Sign in</button>
</form>
<p class="hint">Admins and project managers sign in here. No password yet? Ask an administrator for a setup link (<code>earshotctl user invite EMAIL</code>).</p>
</section>
{{>FOOTER}}
